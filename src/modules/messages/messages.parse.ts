import PostalMime, { type Address, addressParser, type Attachment, type Email, type HeaderLine } from 'postal-mime';
import { htmlToText } from './messages.html-text.js';
import { isHtml, isTextLike, type MailAddress, type ParsedAttachment, type ParsedMessage } from './messages.models.js';

/** Text kept per attachment; a log longer than this is cut (the raw message keeps all of it). */
export const MAX_ATTACHMENT_TEXT = 1024 * 1024;

const OPTIONS = { attachmentEncoding: 'arraybuffer' } as const;

/** Every address, members of groups included. */
function mailboxes(list: Address[]): MailAddress[] {
  return list.flatMap((a) => (a.group ? mailboxes(a.group) : [{ name: a.name ?? '', address: a.address ?? '' }]));
}

/** An address list as a reader sees it, names quoted: `"Comet Backup" <backup@example.com>, ops@example.com`. */
function addressText(list: Address[]): string {
  return list
    .map((a) => {
      const name = a.name ? `"${a.name.replace(/["\\]/g, '\\$&')}"` : '';
      if (a.group) return `${name}${name ? ': ' : ''}${addressText(a.group)};`;
      return name && a.address ? `${name} <${a.address}>` : name || (a.address ?? '');
    })
    .join(', ');
}

/** Every address header of these names, in order (a message may repeat To or Cc). */
const addressHeaders = (mail: Email, ...keys: string[]) => mail.headers.filter((h) => keys.includes(h.key)).map((h) => addressParser(h.value));

const TEXT = new TextDecoder('utf-8', { fatal: true });
const LATIN = new TextDecoder('windows-1252');

/** An attachment's bytes as text: UTF-8 (and so ASCII) when they are that, else read as Windows-1252. */
function decodeText(bytes: Uint8Array): string {
  try {
    return TEXT.decode(bytes);
  } catch {
    return LATIN.decode(bytes);
  }
}

function attachment(a: Attachment, problems: string[]): ParsedAttachment {
  const filename = a.filename ?? null;
  const bytes = new Uint8Array(a.content as ArrayBuffer);
  let text: string | null = null;
  if (isTextLike(a.mimeType, filename)) {
    try {
      const decoded = decodeText(bytes);
      const rendered = isHtml(a.mimeType, filename) ? htmlToText(decoded) : decoded;
      text = rendered.length > MAX_ATTACHMENT_TEXT ? rendered.slice(0, MAX_ATTACHMENT_TEXT) : rendered;
    } catch (e) {
      problems.push(`attachment ${filename ?? a.mimeType} could not be read as text: ${(e as Error).message}`);
    }
  }
  return { filename, contentType: a.mimeType, size: bytes.byteLength, text };
}

function renderHtml(html: string, problems: string[]): string {
  try {
    return htmlToText(html);
  } catch (e) {
    problems.push(`the HTML body could not be rendered as text: ${(e as Error).message}`);
    return '';
  }
}

function headerLines(lines: readonly HeaderLine[]) {
  return lines.map(({ line }) => {
    const colon = line.indexOf(':');
    return {
      name: colon > 0 ? line.slice(0, colon).trim() : line,
      value: colon > 0 ? line.slice(colon + 1).replace(/\r?\n[ \t]+/g, ' ').trim() : '',
    };
  });
}

/** An ISO time when the header held a date, else null. */
function validDate(date: string | undefined): string | null {
  if (!date) return null;
  const d = new Date(date);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** `<id@host>`, with the angle brackets a header may have left out. */
function messageIdOf(value: string | undefined): string | null {
  const id = value?.trim();
  if (!id) return null;
  return `${id.startsWith('<') ? '' : '<'}${id}${id.endsWith('>') ? '' : '>'}`;
}

/**
 * NUL characters are dropped from everything read (a binary part declared as
 * text has them): PostgreSQL's text cannot hold them, and both engines must store
 * and judge the same text. The original bytes keep them.
 */
function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return (value.includes('\0') ? value.replaceAll('\0', '') : value) as T;
  if (Array.isArray(value)) return value.map(withoutNul) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = withoutNul(v);
    return out as T;
  }
  return value;
}

/**
 * When MIME parsing fails outright, the message is still kept and evaluated:
 * its subject from the raw header block and its body as plain text.
 */
function fallback(raw: Buffer, error: unknown): ParsedMessage {
  const source = raw.toString('utf8');
  const split = source.search(/\r?\n\r?\n/);
  const head = split >= 0 ? source.slice(0, split) : source;
  const body = split >= 0 ? source.slice(split).trim() : '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) => unfolded.match(new RegExp(`^${name}:[ \\t]*(.*)$`, 'im'))?.[1]?.trim() ?? '';
  return {
    subject: header('subject'),
    from: [],
    fromText: header('from'),
    to: [],
    toText: header('to'),
    date: null,
    messageId: header('message-id') || null,
    text: body,
    html: null,
    headers: headerLines(unfolded.split(/\r?\n/).map((line) => ({ key: '', line }))),
    attachments: [],
    problems: [`MIME could not be parsed (${error instanceof Error ? error.message : String(error)}); the body is kept as plain text`],
  };
}

/**
 * Parses raw RFC 5322 bytes as far as they can be read. Never throws. postal-mime
 * parses a message in one go (its steps are promises, not event-loop turns), so a
 * burst of messages does not interleave and each is done as soon as it can be.
 */
export async function parseMessage(raw: Buffer): Promise<ParsedMessage> {
  let mail: Email;
  try {
    mail = await PostalMime.parse(raw, OPTIONS);
  } catch (error) {
    return withoutNul(fallback(raw, error));
  }
  return withoutNul(read(mail));
}

function read(mail: Email): ParsedMessage {
  const problems: string[] = [];
  const html = mail.html ?? null;
  if (!mail.headerLines.length) problems.push('the message has no header block');
  const from = addressHeaders(mail, 'from').slice(0, 1);
  const to = addressHeaders(mail, 'to', 'cc');
  return {
    subject: mail.subject ?? '',
    from: from.flatMap(mailboxes),
    fromText: from.map(addressText).filter(Boolean).join(', '),
    to: to.flatMap(mailboxes),
    toText: to.map(addressText).filter(Boolean).join(', '),
    date: validDate(mail.date),
    messageId: messageIdOf(mail.messageId),
    text: mail.text || (html === null ? '' : renderHtml(html, problems)),
    html,
    headers: headerLines(mail.headerLines),
    attachments: mail.attachments.map((a) => attachment(a, problems)),
    problems,
  };
}

/** One attachment's bytes, read again from the raw message (they are not stored apart). */
export async function attachmentContent(raw: Buffer, position: number): Promise<{ filename: string | null; contentType: string; content: Buffer } | null> {
  try {
    const a = (await PostalMime.parse(raw, OPTIONS)).attachments[position];
    return a ? { filename: a.filename ?? null, contentType: a.mimeType, content: Buffer.from(a.content as ArrayBuffer) } : null;
  } catch {
    return null;
  }
}
