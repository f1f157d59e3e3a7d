import type { Envelope, ParsedMessage } from '../messages/messages.models.js';
import type { JobReading, RuleSubject } from '../rules/rules.models.js';

const distinct = (values: (string | null | undefined)[]) => [...new Set(values.filter((v): v is string => Boolean(v)))];

/**
 * The message as rules see it. `from` and `to` hold every form of the address a
 * user might write a rule against: the bare addresses, the header as displayed
 * ("Comet Backup <backup@example.com>"), and the SMTP envelope.
 */
export function ruleSubject(p: ParsedMessage, envelope: Envelope, job: JobReading | null = null): RuleSubject {
  return {
    subject: p.subject,
    body: p.text,
    attachmentTexts: p.attachments.flatMap((a) => (a.text === null ? [] : [a.text])),
    from: distinct([...p.from.map((a) => a.address), p.fromText, envelope.mailFrom]),
    to: distinct([...p.to.map((a) => a.address), p.toText, ...envelope.rcptTo]),
    attachmentNames: distinct(p.attachments.map((a) => a.filename)),
    job,
  };
}
