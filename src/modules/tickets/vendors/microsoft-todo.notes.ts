import { truncate } from '../../alerts/channels/channel.text.js';
import { htmlText } from './vendor.html.js';

// A task's notes are its body: the note opening it, then one paragraph per note added, oldest
// first, as a person reads a log. Checklist items are one-line steps to tick off, and linked
// resources are links; neither holds a report's lines.

/** A title fits where To Do shows it. */
export const MAX_TITLE = 255;
/** Bodies stay well under what Exchange keeps for an item; the oldest notes go first. */
const MAX_BODY = 32_000;
/** One note's text, before escaping (which may grow it several times over). */
export const MAX_NOTE = 4_000;
const BREAK = '<br>';

/**
 * The task's body with a note added at its end, as HTML: Graph takes only HTML when a
 * task's body is updated. The note's text is escaped, so report text is shown, never read
 * as markup; a body still in plain text (as the task was opened) is escaped first.
 */
export function withNote(body: { content?: unknown; contentType?: unknown } | undefined, note: string): string {
  const content = typeof body?.content === 'string' ? body.content : '';
  const existing = body?.contentType === 'html' ? content : htmlText(content);
  const added = htmlText(truncate(note, MAX_NOTE));
  if (!existing.trim()) return added;
  // An HTML body may come back as a whole document: the note goes inside it.
  const end = existing.search(/<\/body>/i);
  const joined = end === -1 ? `${existing}${BREAK}${BREAK}${added}` : `${existing.slice(0, end)}${BREAK}${BREAK}${added}${existing.slice(end)}`;
  return keepNewest(joined);
}

/** Cuts the oldest part at a line break, so no tag or entity is cut in half. */
function keepNewest(html: string): string {
  if (html.length <= MAX_BODY) return html;
  const from = html.indexOf(BREAK, html.length - MAX_BODY + 1);
  return `…${html.slice(from === -1 ? html.length - MAX_BODY + 1 : from)}`;
}
