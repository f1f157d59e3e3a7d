import type { CommitQueue } from '../../db/commit-queue.js';
import { recordReport } from '../activities/activities.record.js';
import type { Alerting } from '../alerts/alerts.raise.js';
import { storeEmailJob } from '../comet/comet.jobs.js';
import { readCometReport } from '../comet/comet.report.js';
import { recordJobReports } from '../comet/comet.reports.js';
import type { CometSettings } from '../comet/comet.settings.js';
import type { CometSources } from '../comet/comet.sources.js';
import { readCometJob } from '../comet/comet.status.js';
import type { CheckCatalog } from '../evaluation/evaluation.catalog.js';
import { evaluateMessage } from '../evaluation/evaluation.models.js';
import { ruleSubject } from '../evaluation/evaluation.subject.js';
import { classifyRecipient, type Inbox } from '../evaluation/recipients.models.js';
import type { Envelope } from '../messages/messages.models.js';
import { parseMessage } from '../messages/messages.parse.js';
import { compressRaw } from '../messages/messages.raw.js';
import { insertMessage, setMatched } from '../messages/messages.repository.js';
import { RuleFields } from '../rules/rules.evaluate.js';
import { expectationAfterReport } from '../schedule/schedule.expectations.js';

export interface IngestDeps {
  commits: CommitQueue;
  catalog: CheckCatalog;
  inbox: Inbox;
  alerting: Alerting;
  comet: () => CometSettings;
  cometSources: CometSources;
  /** Checks were created, renamed or rescheduled while ingesting (Comet discovery). */
  checksChanged: () => void;
}

export interface IngestedMessage {
  messageId: number;
  jobId: number | null;
  activities: { id: number; checkId: number; status: string }[];
  problems: string[];
}

/**
 * Stores one received message with its evaluation. Resolves only once both are
 * committed; rejects (and stores nothing) when the database cannot take them.
 * A Comet job report also becomes a job, and may find (or make) its check by
 * the protected item it tells of.
 */
export async function ingestMessage(deps: IngestDeps, input: { raw: Buffer; envelope: Envelope; receivedAt: Date }): Promise<IngestedMessage> {
  const [parsed, compressedRaw] = await Promise.all([parseMessage(input.raw), compressRaw(input.raw)]);
  const settings = deps.comet();
  const job = readCometReport({ subject: parsed.subject, text: parsed.text });
  const fields = new RuleFields(ruleSubject(parsed, input.envelope, job && readCometJob(job, settings.statusMap)));
  const recipients = input.envelope.rcptTo.map((r) => classifyRecipient(r, deps.inbox));
  const verdicts = evaluateMessage(fields, recipients, await deps.catalog.current());
  const receivedAt = input.receivedAt.toISOString();
  const outcome = await deps.commits.run(async (trx) => {
    const messageId = await insertMessage(trx, { receivedAt, envelope: input.envelope, parsed, size: input.raw.length, matched: verdicts.length > 0, compressedRaw });
    if (job) {
      const stored = await storeEmailJob(trx, job, messageId, receivedAt, deps.cometSources.webhooksSeen);
      const senders = [input.envelope.mailFrom, ...parsed.from.map((a) => a.address)].filter(Boolean);
      const r = await recordJobReports(trx, { alerting: deps.alerting, settings }, {
        stored,
        verdicts,
        fields,
        messageId,
        receivedAt,
        subject: parsed.subject,
        text: parsed.text,
        senders,
        throughInbox: recipients.some((r) => r.kind === 'inbox'),
      });
      if (r.claimed && !verdicts.length) await setMatched(trx, messageId, true);
      return { messageId, jobId: stored.id, activities: r.activities, problems: parsed.problems, checksChanged: r.checksChanged };
    }
    const activities = [];
    for (const v of verdicts) {
      const id = await recordReport(trx, deps.alerting, {
        activity: { checkId: v.checkId, messageId, status: v.status, receivedAt, subject: parsed.subject, evaluation: v.evaluation, createdAt: receivedAt },
        next: expectationAfterReport(v.check.schedule, v.check.paused, input.receivedAt, deps.alerting.timezone),
        text: parsed.text,
      });
      activities.push({ id, checkId: v.checkId, status: v.status });
    }
    return { messageId, jobId: null, activities, problems: parsed.problems, checksChanged: false };
  });
  if (outcome.checksChanged) deps.checksChanged();
  const { checksChanged: _, ...ingested } = outcome;
  return ingested;
}
