import iconv from 'iconv-lite';
import { type AddressObject, type Attachment, type HeaderValue, simpleParser } from 'mailparser';
import { htmlToText } from './messages.html-text.js';
import { isHtml, isTextLike, type MailAddress, type ParsedAttachment, type ParsedMessage } from './messages.models.js';

/** Text kept per attachment; a log longer than this is cut (the raw message keeps all of it). */
export const MAX_ATTACHMENT_TEXT = 1024 * 1024;

// HTML is rendered to text by our own converter (messages.html-text.ts), not mailparser's.
const PARSER_OPTIONS = {
  skipHtmlToText: true,
  skipImageLinks: true,
  keepCidLinks: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  checksumAlgo: false,
} as const;

function addresses(header: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const list: MailAddress[] = [];
  const visit = (entries: AddressObject['value']) => {
    for (const e of entries) {
      if (e.group) visit(e.group);
      else list.push({ name: e.name ?? '', address: e.address ?? '' });
    }
  };
  for (const h of [header ?? []].flat()) visit(h.value ?? []);
  return list;
}

const addressText = (...headers: (AddressObject | AddressObject[] | undefined)[]) =>
  headers.flatMap((h) => [h ?? []].flat().map((a) => a.text)).filter(Boolean).join(', ');

function charsetOf(a: Attachment): string {
  const ct = a.headers.get('content-type') as HeaderValue | undefined;
  const charset = ct && typeof ct === 'object' && 'params' in ct ? (ct.params as Record<string, string>).charset : undefined;
  return charset && iconv.encodingExists(charset) ? charset : 'utf-8';
}

function attachmentText(a: Attachment, filename: string | null): string | null {
  if (!isTextLike(a.contentType, filename)) return null;
  const decoded = iconv.decode(a.content, charsetOf(a));
  const text = isHtml(a.contentType, filename) ? htmlToText(decoded) : decoded;
  return text.length > MAX_ATTACHMENT_TEXT ? text.slice(0, MAX_ATTACHMENT_TEXT) : text;
}

function attachment(a: Attachment, problems: string[]): ParsedAttachment {
  const filename = a.filename ?? null;
  let text: string | null = null;
  try {
    text = attachmentText(a, filename);
  } catch (e) {
    problems.push(`attachment ${filename ?? a.contentType} could not be read as text: ${(e as Error).message}`);
  }
  return { filename, contentType: a.contentType, size: a.size ?? a.content.length, text };
}

function renderHtml(html: string, problems: string[]): string {
  try {
    return htmlToText(html);
  } catch (e) {
    problems.push(`the HTML body could not be rendered as text: ${(e as Error).message}`);
    return '';
  }
}

function headerLines(lines: readonly { key: string; line: string }[]) {
  return lines.map(({ line }) => {
    const colon = line.indexOf(':');
    return {
      name: colon > 0 ? line.slice(0, colon).trim() : line,
      value: colon > 0 ? line.slice(colon + 1).replace(/\r?\n[ \t]+/g, ' ').trim() : '',
    };
  });
}

function validDate(d: Date | undefined): string | null {
  return d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString() : null;
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

/** Parses raw RFC 5322 bytes as far as they can be read. Never throws. */
export async function parseMessage(raw: Buffer): Promise<ParsedMessage> {
  let mail;
  try {
    mail = await simpleParser(raw, PARSER_OPTIONS);
  } catch (error) {
    return fallback(raw, error);
  }
  const problems: string[] = [];
  const html = typeof mail.html === 'string' ? mail.html : null;
  if (!mail.headerLines.length) problems.push('the message has no header block');
  return {
    subject: mail.subject ?? '',
    from: addresses(mail.from),
    fromText: addressText(mail.from),
    to: addresses([mail.to ?? [], mail.cc ?? []].flat()),
    toText: addressText(mail.to, mail.cc),
    date: validDate(mail.date),
    messageId: mail.messageId ?? null,
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
    const mail = await simpleParser(raw, { ...PARSER_OPTIONS, skipHtmlToText: true });
    const a = mail.attachments[position];
    return a ? { filename: a.filename ?? null, contentType: a.contentType, content: a.content } : null;
  } catch {
    return null;
  }
}
