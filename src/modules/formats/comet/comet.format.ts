import type { ReportFormat, ReportJob, ReportMessage } from '../formats.models.js';
import { cometKeyParts, discoveredName, IDENTIFIERS_NOTE } from './comet.identity.js';
import { cometJobOf, reportJobOf } from './comet.job.js';
import { storeCometEmailJob } from './comet.jobs.js';
import { COMET_JOB_TYPES, COMET_RULE_FIELDS, COMET_STATUSES, type CometJob, type CometStatusMap, DEFAULT_COMET_STATUS_MAP } from './comet.models.js';
import { readCometReport } from './comet.report.js';

const FIELDS: Record<(typeof COMET_RULE_FIELDS)[number], [label: string, description: string]> = {
  'comet.username': ['Comet username', 'The Comet username (account).'],
  'comet.device': ['Comet device', 'The device the job ran on.'],
  'comet.protectedItem': ['Comet protected item', 'The protected item.'],
  'comet.vault': ['Comet storage vault', 'The storage vault.'],
  'comet.status': ['Comet status', "Comet's own status: Success, Warning, Error, Timeout, Quota Exceeded, Missed, Cancelled, Skipped, Abandoned, Running."],
  'comet.type': ['Comet job type', "Comet's job type: Backup, Restore, Retention…"],
};

// Recognising a report is reading it: the reading is kept for `read`, which follows at once.
const readings = new WeakMap<ReportMessage, CometJob | null>();

function readOnce(message: ReportMessage): CometJob | null {
  if (!readings.has(message)) readings.set(message, readCometReport({ subject: message.subject, text: message.text }));
  return readings.get(message) ?? null;
}

export const cometFormat: ReportFormat = {
  id: 'comet',
  product: 'Comet',
  recognises: (message) => readOnce(message) !== null,
  read(message, context) {
    const job = readOnce(message);
    const map = (context.options.statusMap as CometStatusMap | undefined) ?? DEFAULT_COMET_STATUS_MAP;
    return job ? [reportJobOf(job, map)] : [];
  },
  key: cometKeyParts,
  naming: (job) => ({ name: discoveredName(job.tenant, job.item), group: job.tenant ?? '' }),
  description(job: ReportJob) {
    const c = cometJobOf(job);
    const lines = [`Device: ${c.device}`];
    if (c.vault) lines.push(`Storage Vault: ${c.vault}`);
    if ((c.ids.deviceId && c.ids.deviceId === c.device) || (c.ids.sourceGuid && c.ids.sourceGuid === c.protectedItem)) lines.push(IDENTIFIERS_NOTE);
    lines.push('Created by Comet auto-discovery.');
    return lines.join('\n');
  },
  matchRules: (job) => [
    { field: 'comet.username', value: job.tenant ?? '' },
    { field: 'comet.device', value: job.device ?? '' },
    { field: 'comet.protectedItem', value: job.item ?? '' },
    { field: 'comet.type', value: 'Backup' },
  ],
  fields: COMET_RULE_FIELDS.map((name) => ({
    name,
    label: FIELDS[name][0],
    description: FIELDS[name][1],
    ...(name === 'comet.status' ? { values: COMET_STATUSES } : name === 'comet.type' ? { values: COMET_JOB_TYPES } : {}),
  })),
  store: storeCometEmailJob,
};
