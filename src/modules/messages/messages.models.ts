export interface MailAddress {
  name: string;
  address: string;
}

export interface ParsedAttachment {
  filename: string | null;
  contentType: string;
  size: number;
  /** The attachment as text when it is text-like (logs, CSV, JSON, XML, HTML rendered to text). */
  text: string | null;
}

/** Everything read from one message's MIME, as far as it could be read. */
export interface ParsedMessage {
  subject: string;
  from: MailAddress[];
  fromText: string;
  to: MailAddress[];
  toText: string;
  date: string | null;
  messageId: string | null;
  text: string;
  html: string | null;
  headers: { name: string; value: string }[];
  attachments: ParsedAttachment[];
  /** What could not be read, in words; empty for a clean message. */
  problems: string[];
}

/** What the SMTP transaction said, as opposed to what the headers claim. */
export interface Envelope {
  mailFrom: string;
  rcptTo: string[];
}

const TEXT_LIKE_EXTENSIONS = /\.(txt|log|csv|json|xml|html?)$/i;

export function isTextLike(contentType: string, filename: string | null): boolean {
  const type = contentType.toLowerCase();
  return type.startsWith('text/') || type === 'application/json' || type === 'application/xml'
    || (filename !== null && TEXT_LIKE_EXTENSIONS.test(filename));
}

export function isHtml(contentType: string, filename: string | null): boolean {
  return contentType.toLowerCase() === 'text/html' || (filename !== null && /\.html?$/i.test(filename));
}
