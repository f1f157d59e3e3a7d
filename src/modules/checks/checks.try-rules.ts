import type { Db } from '../../db/database.js';
import { compileCheck, explainCheck, type Explanation } from '../evaluation/evaluation.models.js';
import { ruleSubject } from '../evaluation/evaluation.subject.js';
import { classifyRecipient, type Inbox } from '../evaluation/recipients.models.js';
import type { Envelope, ParsedMessage } from '../messages/messages.models.js';
import { parseMessage } from '../messages/messages.parse.js';
import { loadStoredMessage } from '../messages/messages.usecases.js';
import { RuleFields } from '../rules/rules.evaluate.js';
import { getCheck } from './checks.usecases.js';
import type { ReadContext, ReportFormat } from '../formats/formats.models.js';
import { reportMessageOf } from '../formats/formats.message.js';
import { readReport } from '../formats/formats.registry.js';
import { jobReading } from '../jobs/jobs.reading.js';

export type TryRulesInput = { messageId: number } | { raw: string; recipients?: string[] };

/** What a check's current rules say about a message (see tryRulesOf). */
type TryDeps = { db: Db; inbox: Inbox; readContext: (format: ReportFormat, receivedAt: string) => ReadContext | null };

export async function tryRules(deps: TryDeps, checkId: number, input: TryRulesInput): Promise<Explanation> {
  return tryRulesOf(deps, await getCheck(deps.db, checkId), input);
}

/**
 * What rules (a check's, saved or still being edited) say about a message,
 * stored or pasted, without storing anything. A pasted message has no envelope:
 * its To and Cc headers (or the recipients given) stand in for one.
 */
export async function tryRulesOf(deps: TryDeps, check: Parameters<typeof compileCheck>[0], input: TryRulesInput): Promise<Explanation> {
  let parsed: ParsedMessage;
  let envelope: Envelope;
  if ('messageId' in input) {
    ({ parsed, envelope } = await loadStoredMessage(deps.db, input.messageId));
  } else {
    parsed = await parseMessage(Buffer.from(input.raw, 'utf8'));
    envelope = { mailFrom: parsed.from[0]?.address ?? '', rcptTo: input.recipients ?? parsed.to.map((a) => a.address) };
  }
  const recipients = envelope.rcptTo.map((r) => classifyRecipient(r, deps.inbox));
  const now = new Date().toISOString();
  const reading = readReport(reportMessageOf(parsed, envelope), (format) => deps.readContext(format, now));
  const compiled = compileCheck(check);
  const explain = (job: ReturnType<typeof jobReading> | null) => explainCheck(new RuleFields(ruleSubject(parsed, envelope, job)), recipients, compiled);
  if (!reading || !reading.jobs.length) return explain(null);
  // A report of several jobs (a vzdump run's guests): the first job the check's rules claim, else the first.
  const explanations = reading.jobs.map((job) => explain(jobReading(reading.format, job)));
  return explanations.find((e) => e.matched) ?? explanations[0]!;
}
