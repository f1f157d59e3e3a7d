import { readCometReport } from '../comet/comet.report.js';
import { storedLog } from '../comet/comet.repository.js';
import type { CometSettings } from '../comet/comet.settings.js';
import { readCometJob } from '../comet/comet.status.js';
import type { CheckCatalog } from '../evaluation/evaluation.catalog.js';
import { evaluateMessage, factsOf } from '../evaluation/evaluation.models.js';
import { ruleSubject } from '../evaluation/evaluation.subject.js';
import { classifyRecipient, type Inbox } from '../evaluation/recipients.models.js';
import type { Envelope } from '../messages/messages.models.js';
import { parseMessage } from '../messages/messages.parse.js';
import { RuleFields } from '../rules/rules.evaluate.js';
import type { IngestOutcome } from './ingest.commit.js';
import type { IngestWriter } from './ingest.writer.js';

export interface IngestDeps {
  writer: IngestWriter;
  catalog: CheckCatalog;
  inbox: Inbox;
  comet: () => CometSettings;
  /** Checks were created, renamed or rescheduled while ingesting (Comet discovery). */
  checksChanged: () => void;
  /** Alerts were queued with the report (and are committed now). */
  alertsQueued: () => void;
}

export type IngestedMessage = Omit<IngestOutcome, 'checksChanged' | 'alertsQueued'>;

/**
 * Stores one received message with its evaluation. The message is read and
 * judged here; the writer stores it with everything that follows from it
 * (a Comet report's job, the check its protected item stands for, activities,
 * statuses, alerts). Resolves only once all of it is committed; rejects (and
 * stores nothing) when the database cannot take it.
 */
export async function ingestMessage(deps: IngestDeps, input: { raw: Buffer; envelope: Envelope; receivedAt: Date }): Promise<IngestedMessage> {
  const parsed = await parseMessage(input.raw);
  const settings = deps.comet();
  const job = readCometReport({ subject: parsed.subject, text: parsed.text });
  const fields = new RuleFields(ruleSubject(parsed, input.envelope, job && readCometJob(job, settings.statusMap)));
  const recipients = input.envelope.rcptTo.map((r) => classifyRecipient(r, deps.inbox));
  const verdicts = evaluateMessage(fields, recipients, await deps.catalog.current());
  const { checksChanged, alertsQueued, ...stored } = await deps.writer({
    receivedAt: input.receivedAt.toISOString(),
    envelope: input.envelope,
    parsed,
    raw: input.raw,
    job: job && { ...job, log: [] },
    log: job && storedLog(job.log),
    verdicts: verdicts.map((v) => ({ checkId: v.checkId, check: factsOf(v.check), status: v.status, evaluation: v.evaluation })),
    throughInbox: recipients.some((r) => r.kind === 'inbox'),
  });
  if (checksChanged) deps.checksChanged();
  if (alertsQueued) deps.alertsQueued();
  return stored;
}
