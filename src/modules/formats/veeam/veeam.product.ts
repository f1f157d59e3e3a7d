import type { JobStatus } from '../../../shared/status.js';
import { countedName, dashParts } from './veeam.subject.js';

/** The Veeam products whose job reports this format reads. */
export type VeeamProduct = 'Veeam Backup & Replication' | 'Veeam Backup for Microsoft 365' | 'Veeam Agent for Microsoft Windows' | 'Veeam Agent for Linux';

/** Products named in a report, most particular first: a VBR report may mention agents, an agent's never VBR's footer. */
const NAMES: [RegExp, VeeamProduct][] = [
  [/Vee-Mail|Veeam Agent for Linux/i, 'Veeam Agent for Linux'],
  [/Veeam Agent for (?:Microsoft )?Windows/i, 'Veeam Agent for Microsoft Windows'],
  [/Veeam Backup for Microsoft (?:Office )?365/i, 'Veeam Backup for Microsoft 365'],
  [/Veeam Backup (?:&|&amp;|and) Replication/i, 'Veeam Backup & Replication'],
];

/** Veeam's other products: their reports say other things in other shapes. */
export const FOREIGN = /Veeam Backup for (?:AWS|Amazon|Microsoft Azure|Azure|Google|Salesforce|Nutanix)/i;

const VERSION = /(Veeam (?:Backup (?:&|and) Replication|Backup for Microsoft (?:Office )?365|Agent for (?:Microsoft )?Windows|Agent for Linux))(?: version)?:? v?(\d{1,3}(?:\.\d{1,7}){1,3})\b/i;

/** The product whose footer the report carries (the last `<product> <version>`), else the first it names. */
export function productOf(lines: string[], subjectRest: string): { product: VeeamProduct; version: string | null } {
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = lines[i]!.length < 1_000 ? VERSION.exec(lines[i]!) : null;
    const named = match && NAMES.find(([name]) => name.test(match[1]!));
    if (named) return { product: named[1], version: match[2]! };
  }
  const text = lines.join('\n').slice(0, 64 * 1024);
  const named = NAMES.find(([name]) => name.test(text));
  return { product: named?.[1] ?? productOfSubject(subjectRest), version: null };
}

/** Without a product in the body, the subject's shape: VB365 counts issues after the objects, the agents name a computer. */
function productOfSubject(rest: string): VeeamProduct {
  const counted = countedName(rest);
  if (counted) return /^,\s*\d+ issues?/i.test(counted.after) ? 'Veeam Backup for Microsoft 365' : 'Veeam Backup & Replication';
  const parts = dashParts(rest).length;
  return parts >= 3 ? 'Veeam Agent for Microsoft Windows' : parts === 2 ? 'Veeam Agent for Linux' : 'Veeam Backup & Replication';
}

/** `Server VBR01 : Veeam Backup & Replication 12.1` (the footer VeeamHub's report copy writes). */
export function serverOf(lines: string[]): string | null {
  for (let i = lines.length - 1; i >= 0 && i >= lines.length - 50; i--) {
    const match = /^Server (\S{1,253}) : Veeam/.exec(lines[i]!);
    if (match) return match[1]!;
  }
  return null;
}

const STATUS_WORDS = new Map<string, JobStatus>([
  ['success', 'success'], ['succeeded', 'success'], ['warning', 'warning'],
  ['failed', 'failure'], ['error', 'failure'], ['failure', 'failure'],
]);

/** Veeam's result word in our words; null for any other word (Pending, In progress, a language not read here). */
export const statusOf = (word: string | null | undefined): JobStatus | null => (word ? (STATUS_WORDS.get(word.trim().toLowerCase()) ?? null) : null);
