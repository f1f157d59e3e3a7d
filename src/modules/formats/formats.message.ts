import type { Envelope, ParsedMessage } from '../messages/messages.models.js';
import type { ReportMessage } from './formats.models.js';

const distinct = (values: (string | null | undefined)[]) => [...new Set(values.filter((v): v is string => Boolean(v)))];

/** A parsed message as report formats see it. */
export function reportMessageOf(p: ParsedMessage, envelope: Envelope | null = null): ReportMessage {
  return {
    // A subject folded over lines (UrBackup writes a line break into it) reads as one line.
    subject: p.subject.replace(/\s*[\r\n]+\s*/g, ' ').trim(),
    from: distinct([...p.from.map((a) => a.address), p.fromText, envelope?.mailFrom]),
    headers: p.headers.map((h) => ({ name: h.name.toLowerCase(), value: h.value })),
    text: p.text,
    html: p.html,
    attachments: p.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, text: a.text })),
  };
}
