import type { CommitQueue } from '../../db/commit-queue.js';
import { recordReport } from '../activities/activities.record.js';
import type { Alerting } from '../alerts/alerts.raise.js';
import type { CheckCatalog } from '../evaluation/evaluation.catalog.js';
import type { Inbox } from '../evaluation/recipients.models.js';
import { verdictsFor } from '../evaluation/evaluation.verdicts.js';
import type { Envelope } from '../messages/messages.models.js';
import { parseMessage } from '../messages/messages.parse.js';
import { compressRaw } from '../messages/messages.raw.js';
import { insertMessage } from '../messages/messages.repository.js';
import { expectationAfterReport } from '../schedule/schedule.expectations.js';

export interface IngestDeps {
  commits: CommitQueue;
  catalog: CheckCatalog;
  inbox: Inbox;
  alerting: Alerting;
}

export interface IngestedMessage {
  messageId: number;
  activities: { id: number; checkId: number; status: string }[];
  problems: string[];
}

/**
 * Stores one received message with its evaluation. Resolves only once both are
 * committed; rejects (and stores nothing) when the database cannot take them.
 */
export async function ingestMessage(
  deps: IngestDeps,
  input: { raw: Buffer; envelope: Envelope; receivedAt: Date },
): Promise<IngestedMessage> {
  const [parsed, compressedRaw] = await Promise.all([parseMessage(input.raw), compressRaw(input.raw)]);
  const verdicts = verdictsFor(parsed, input.envelope, await deps.catalog.current(), deps.inbox);
  const receivedAt = input.receivedAt.toISOString();
  return deps.commits.run(async (trx) => {
    const messageId = await insertMessage(trx, {
      receivedAt,
      envelope: input.envelope,
      parsed,
      size: input.raw.length,
      matched: verdicts.length > 0,
      compressedRaw,
    });
    const activities = [];
    for (const v of verdicts) {
      const id = await recordReport(trx, deps.alerting, {
        activity: { checkId: v.checkId, messageId, status: v.status, receivedAt, subject: parsed.subject, evaluation: v.evaluation, createdAt: receivedAt },
        next: expectationAfterReport(v.check.schedule, v.check.paused, input.receivedAt, deps.alerting.timezone),
        text: parsed.text,
      });
      activities.push({ id, checkId: v.checkId, status: v.status });
    }
    return { messageId, activities, problems: parsed.problems };
  });
}
