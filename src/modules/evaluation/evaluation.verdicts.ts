import type { Envelope, ParsedMessage } from '../messages/messages.models.js';
import { RuleFields } from '../rules/rules.evaluate.js';
import type { CheckSet } from './evaluation.index.js';
import { type EvaluableCheck, evaluateMessage, type Verdict } from './evaluation.models.js';
import { classifyRecipient, type Inbox } from './recipients.models.js';
import { ruleSubject } from './evaluation.subject.js';
import type { CometReading } from '../rules/rules.models.js';

/** Which checks a parsed message belongs to, and with which status (reparse; ingestion also looks at Comet items). */
export function verdictsFor(parsed: ParsedMessage, envelope: Envelope, checks: CheckSet<EvaluableCheck>, inbox: Inbox, comet: CometReading | null = null): Verdict[] {
  const recipients = envelope.rcptTo.map((r) => classifyRecipient(r, inbox));
  return evaluateMessage(new RuleFields(ruleSubject(parsed, envelope, comet)), recipients, checks);
}
