import { worstStatus } from '../../shared/status.js';
import type { Envelope, ParsedMessage } from '../messages/messages.models.js';
import { RuleFields } from '../rules/rules.evaluate.js';
import type { JobReading } from '../rules/rules.models.js';
import type { CheckSet } from './evaluation.index.js';
import { type EvaluableCheck, evaluateMessage, type Verdict } from './evaluation.models.js';
import { ruleSubject } from './evaluation.subject.js';
import { classifyRecipient, type Inbox, type Recipient } from './recipients.models.js';

/**
 * Of the jobs of one report (the guests of a vzdump run), a check whose rules
 * claim several keeps one verdict: the worst, so one mail gives it one activity.
 */
function oneVerdictPerCheck(perJob: Verdict[][]): Verdict[][] {
  if (perJob.length < 2) return perJob;
  const kept = new Map<number, Verdict>();
  for (const verdicts of perJob) {
    for (const v of verdicts) {
      const earlier = kept.get(v.checkId);
      if (!earlier || worstStatus([earlier.status, v.status]) !== earlier.status) kept.set(v.checkId, v);
    }
  }
  return perJob.map((verdicts) => verdicts.filter((v) => kept.get(v.checkId) === v));
}

/**
 * Which checks a parsed message belongs to, and with which status: once for
 * the message when no format read a job from it, else once per job (each job
 * with its own fields). Discovery is not looked at here.
 */
export function verdictsFor(
  parsed: ParsedMessage,
  envelope: Envelope,
  checks: CheckSet<EvaluableCheck>,
  inbox: Inbox,
  readings: JobReading[] = [],
  recipients: Recipient[] = envelope.rcptTo.map((r) => classifyRecipient(r, inbox)),
): Verdict[][] {
  const judge = (reading: JobReading | null) => evaluateMessage(new RuleFields(ruleSubject(parsed, envelope, reading)), recipients, checks);
  return readings.length ? oneVerdictPerCheck(readings.map(judge)) : [judge(null)];
}
