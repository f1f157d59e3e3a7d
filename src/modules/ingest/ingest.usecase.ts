import type { CheckCatalog } from '../evaluation/evaluation.catalog.js';
import { factsOf, type Verdict } from '../evaluation/evaluation.models.js';
import { verdictsFor } from '../evaluation/evaluation.verdicts.js';
import { classifyRecipient, type Inbox } from '../evaluation/recipients.models.js';
import type { ReadContext, ReportFormat } from '../formats/formats.models.js';
import { reportMessageOf } from '../formats/formats.message.js';
import { readReport } from '../formats/formats.registry.js';
import { jobKey } from '../jobs/jobs.discovery.models.js';
import { jobReading } from '../jobs/jobs.reading.js';
import { storedLog } from '../jobs/jobs.repository.js';
import type { Envelope } from '../messages/messages.models.js';
import { parseMessage } from '../messages/messages.parse.js';
import type { IngestOutcome, PlannedJob } from './ingest.commit.js';
import type { IngestWriter } from './ingest.writer.js';

export interface IngestDeps {
  writer: IngestWriter;
  catalog: CheckCatalog;
  inbox: Inbox;
  /** How a format reads a report now, or null when the organization turned it off. */
  readContext: (format: ReportFormat, receivedAt: string) => ReadContext | null;
  /** Checks were created, renamed or rescheduled while ingesting (discovery). */
  checksChanged: () => void;
  /** Alerts were queued with the report (and are committed now). */
  alertsQueued: () => void;
}

export type IngestedMessage = Omit<IngestOutcome, 'checksChanged' | 'alertsQueued'>;

const plain = (v: Verdict) => ({ checkId: v.checkId, check: factsOf(v.check), status: v.status, evaluation: v.evaluation });

/**
 * Stores one received message with its evaluation. The message is read and
 * judged here: a report format that recognises it reads its jobs, and each
 * job is judged by the checks' rules with its own fields. The writer stores it
 * with everything that follows from it (the jobs, the checks they stand for,
 * activities, statuses, alerts). Resolves only once all of it is committed;
 * rejects (and stores nothing) when the database cannot take it.
 */
export async function ingestMessage(deps: IngestDeps, input: { raw: Buffer; envelope: Envelope; receivedAt: Date }): Promise<IngestedMessage> {
  const parsed = await parseMessage(input.raw);
  const receivedAt = input.receivedAt.toISOString();
  const reading = readReport(reportMessageOf(parsed, input.envelope), (format) => deps.readContext(format, receivedAt));
  const format = reading && reading.jobs.length ? reading.format : null;
  const readings = format ? reading!.jobs.map((job) => jobReading(format, job)) : [];
  const recipients = input.envelope.rcptTo.map((r) => classifyRecipient(r, deps.inbox));
  const judged = verdictsFor(parsed, input.envelope, await deps.catalog.current(), deps.inbox, readings, recipients);
  const jobs: PlannedJob[] = readings.map(({ job }, i) => ({ job: { ...job, log: [] }, key: jobKey(format!, job), verdicts: judged[i]!.map(plain) }));
  const verdicts: Verdict[] = format ? [] : judged[0]!;
  const { checksChanged, alertsQueued, ...stored } = await deps.writer({
    receivedAt,
    envelope: input.envelope,
    parsed,
    raw: input.raw,
    format: format?.id ?? null,
    jobs,
    logs: readings.map(({ job }) => storedLog(job.log)),
    verdicts: verdicts.map(plain),
    throughInbox: recipients.some((r) => r.kind === 'inbox'),
  });
  if (checksChanged) deps.checksChanged();
  if (alertsQueued) deps.alertsQueued();
  return stored;
}
