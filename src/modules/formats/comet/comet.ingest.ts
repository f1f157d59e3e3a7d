import type { CommitQueue } from '../../../db/commit-queue.js';
import type { Alerting } from '../../alerts/alerts.raise.js';
import type { CheckCatalog } from '../../evaluation/evaluation.catalog.js';
import { evaluateMessage } from '../../evaluation/evaluation.models.js';
import { jobKey } from '../../jobs/jobs.discovery.models.js';
import { jobReading } from '../../jobs/jobs.reading.js';
import { type RecordedActivity, recordJobReports } from '../../jobs/jobs.record.js';
import type { JobSettings } from '../../jobs/jobs.settings.js';
import { RuleFields } from '../../rules/rules.evaluate.js';
import type { FormatSettings } from '../formats.settings.js';
import { cometFormat } from './comet.format.js';
import { cometJobOf } from './comet.job.js';
import { storeWebhookJob } from './comet.jobs.js';
import { describeJob } from './comet.jobs.models.js';
import type { CometSettingsStore } from './comet.settings.js';
import type { CometSources } from './comet.sources.js';
import { readCometEvent } from './comet.webhook.js';

export interface EventIngestDeps {
  commits: CommitQueue;
  catalog: CheckCatalog;
  alerting: Alerting;
  jobs: () => JobSettings;
  format: () => FormatSettings;
  comet: CometSettingsStore;
  cometSources: CometSources;
  checksChanged: () => void;
}

export type EventOutcome =
  | { kind: 'job'; jobId: number; duplicate: boolean; activities: RecordedActivity[] }
  | { kind: 'ignored'; type: number | null; reason: string }
  | { kind: 'invalid'; problems: string[] };

/**
 * A Comet webhook event: a completed job becomes a job like an email report's,
 * with the same checks, statuses and discovery. The same job told by an email
 * too is one job, whichever came first; an event Comet sends again changes nothing.
 */
export async function ingestCometEvent(deps: EventIngestDeps, body: unknown, receivedAt: Date): Promise<EventOutcome> {
  const event = readCometEvent(body);
  if (event.kind !== 'job') return event;
  deps.cometSources.webhookArrived();
  const map = deps.comet.statusMap;
  const checks = await deps.catalog.current();
  const at = receivedAt.toISOString();
  const outcome = await deps.commits.run(async (trx) => {
    const stored = await storeWebhookJob(trx, event.job, map, at);
    if (stored.duplicate) return { jobId: stored.id, duplicate: true, activities: [], checksChanged: false };
    const { subject, text } = describeJob(cometJobOf(stored.job));
    const fields = new RuleFields({ subject, body: text, attachmentTexts: [], from: [], to: [], attachmentNames: [], job: jobReading(cometFormat, stored.job) });
    const verdicts = evaluateMessage(fields, [{ kind: 'inbox' }], checks);
    const r = await recordJobReports(trx, { alerting: deps.alerting, jobs: deps.jobs(), format: deps.format() }, {
      format: cometFormat,
      key: jobKey(cometFormat, stored.job),
      stored,
      verdicts,
      fields: () => fields,
      messageId: null,
      receivedAt: at,
      subject,
      text,
      senders: null,
      throughInbox: true,
    });
    return { jobId: stored.id, duplicate: false, activities: r.activities, checksChanged: r.checksChanged };
  });
  if (outcome.checksChanged) deps.checksChanged();
  return { kind: 'job', jobId: outcome.jobId, duplicate: outcome.duplicate, activities: outcome.activities };
}
