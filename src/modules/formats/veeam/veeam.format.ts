import type { ReportFormat, ReportMessage } from '../formats.models.js';
import { FOREIGN } from './veeam.product.js';
import { readReport } from './veeam.read.js';
import { countedName, countsInstances, resultToken } from './veeam.subject.js';

/** How much of the body recognition looks at. */
const LOOK = 64 * 1024;

const PRODUCT_NAMED = /Veeam (?:Backup (?:&|&amp;|and) Replication|Agent for|Backup for Microsoft)|Vee-Mail/i;
const TITLE = /\b(?:Backup|Backup Copy|Replication|Agent Backup|File Backup) job: /i;
const hasDetailsHeader = (text: string) => /\bStart time\b/i.test(text) && /\bTransferred\b/i.test(text);

function body(message: ReportMessage): string {
  const html = typeof message.html === 'string' ? message.html.slice(0, LOOK) : '';
  const text = typeof message.text === 'string' ? message.text.slice(0, LOOK) : '';
  return `${html}\n${text}`;
}

/**
 * A Veeam job report: the result token in the subject and something only
 * Veeam writes in the body: its product's name, or its title row with the
 * Details table or a sender named Veeam. `[Success]` alone is any script's subject.
 * A copy that lost its body is still Veeam's when the subject has Veeam's
 * whole default shape: `[Failed] Nightly VMs (3 objects) 1 failed`.
 */
function recognises(message: ReportMessage): boolean {
  const token = resultToken(typeof message.subject === 'string' ? message.subject : '');
  if (!token || countsInstances(token.rest)) return false;
  const look = body(message);
  if (FOREIGN.test(look)) return false;
  if (PRODUCT_NAMED.test(look)) return true;
  const fromVeeam = (message.from ?? []).some((from) => /\bveeam\b/i.test(from));
  if (TITLE.test(look) && (hasDetailsHeader(look) || fromVeeam)) return true;
  return look.trim() === '' && countedName(token.rest) !== null;
}

export const veeamFormat: ReportFormat = {
  id: 'veeam',
  product: 'Veeam',
  recognises,
  read: (message, context) => [readReport(message, context)],
  fields: [
    { name: 'veeam.retry', description: 'The retry of the job this report is for (Retry 1, 2…), when the job was retried' },
    { name: 'veeam.dataRead', description: 'Data read from the source, in bytes' },
    { name: 'veeam.backupSize', description: 'Size of the backup files the run wrote, in bytes' },
  ],
};
