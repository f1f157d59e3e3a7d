import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { olderThan } from '../../db/keyset.js';
import { pick, queryTemplate } from '../../db/query-template.js';
import type { MessageRow, NewMessageRow } from '../../db/schema.js';
import { likePattern, type TimeKey } from '../../shared/pagination.js';
import type { Envelope, ParsedMessage } from './messages.models.js';
import type { Scope } from '../../shared/scope.js';
import { reportedWithin, scoped } from '../../db/scope.js';

/** A message is in the groups of the checks it gave activities to; an unmatched one is in none. */
const inScope = (column: string) => (groups: readonly number[]) => reportedWithin(groups, 'message_id', column);

export interface StoredMessage {
  receivedAt: string;
  envelope: Envelope;
  parsed: ParsedMessage;
  size: number;
  matched: boolean;
  /** The original bytes, deflate-compressed. */
  compressedRaw: Buffer;
}

function parsedColumns(p: ParsedMessage) {
  return {
    subject: p.subject,
    from_text: p.fromText,
    to_text: p.toText,
    date: p.date,
    message_id_header: p.messageId,
    text_body: p.text,
    html_body: p.html,
    headers: JSON.stringify(p.headers),
    problems: JSON.stringify(p.problems),
  };
}

async function insertAttachments(db: Db, messageId: number, p: ParsedMessage) {
  if (!p.attachments.length) return;
  await db
    .insertInto('message_attachments')
    .values(
      p.attachments.map((a, position) => ({
        message_id: messageId,
        position,
        filename: a.filename,
        content_type: a.contentType,
        size: a.size,
        text: a.text,
      })),
    )
    .execute();
}

const MESSAGE_COLUMNS = [
  'received_at', 'mail_from', 'rcpt_to', 'size', 'matched', 'subject', 'from_text', 'to_text',
  'date', 'message_id_header', 'text_body', 'html_body', 'headers', 'problems',
] as const;
const insertMessageQuery = queryTemplate((db, v: Required<Omit<NewMessageRow, 'id'>>) => db.insertInto('messages').values(pick(v, MESSAGE_COLUMNS)).returning('id'));
const insertRawQuery = queryTemplate((db, v: { id: number; raw: Buffer }) => db.insertInto('message_raws').values({ message_id: v.id, encoding: 'deflate-raw', raw: v.raw }));

export async function insertMessage(db: Db, m: StoredMessage): Promise<number> {
  const { rows } = await insertMessageQuery(db, {
    received_at: m.receivedAt,
    mail_from: m.envelope.mailFrom,
    rcpt_to: JSON.stringify(m.envelope.rcptTo),
    size: m.size,
    matched: m.matched ? 1 : 0,
    ...parsedColumns(m.parsed),
  });
  const id = rows[0]!.id;
  await insertRawQuery(db, { id, raw: m.compressedRaw });
  await insertAttachments(db, id, m.parsed);
  return id;
}

/** Replaces what was read from a message (after parsing its raw bytes again). */
export async function replaceParsed(db: Db, id: number, parsed: ParsedMessage, matched: boolean): Promise<void> {
  await db.updateTable('messages').set({ ...parsedColumns(parsed), matched: matched ? 1 : 0 }).where('id', '=', id).execute();
  await db.deleteFrom('message_attachments').where('message_id', '=', id).execute();
  await insertAttachments(db, id, parsed);
}

/** Marks messages unmatched once the last activity that claimed them is gone. */
const setMatchedQuery = queryTemplate((db, v: { id: number; matched: 0 | 1 }) => db.updateTable('messages').set({ matched: v.matched }).where('id', '=', v.id));

export async function setMatched(db: Db, id: number, matched: boolean): Promise<void> {
  await setMatchedQuery(db, { id, matched: matched ? 1 : 0 });
}

export async function unmatchOrphans(db: Db, messageIds: number[]): Promise<void> {
  if (!messageIds.length) return;
  await db
    .updateTable('messages')
    .set({ matched: 0 })
    .where('id', 'in', messageIds)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('activities').select('id').whereRef('activities.message_id', '=', 'messages.id'))))
    .execute();
}

export async function findMessage(db: Db, id: number, scope: Scope = null): Promise<MessageRow | undefined> {
  return scoped(db.selectFrom('messages'), scope, inScope('messages.id')).selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findAttachments(db: Db, messageId: number) {
  return db.selectFrom('message_attachments').selectAll().where('message_id', '=', messageId).orderBy('position').execute();
}

export async function findRaw(db: Db, messageId: number, scope: Scope = null) {
  return scoped(db.selectFrom('message_raws'), scope, inScope('message_raws.message_id')).select(['encoding', 'raw']).where('message_id', '=', messageId).executeTakeFirst();
}

export interface MessageFilter {
  matched?: boolean;
  q?: string;
  from?: string;
  to?: string;
}

/** Newest first, without the bodies. `q` searches subject and sender. */
export async function listMessages(db: Db, f: MessageFilter, limit: number, after: TimeKey | undefined, scope: Scope) {
  let query = scoped(db.selectFrom('messages'), scope, inScope('messages.id'))
    .select(['id', 'received_at', 'mail_from', 'rcpt_to', 'subject', 'from_text', 'to_text', 'date', 'size', 'matched', 'problems']);
  if (f.matched !== undefined) query = query.where('matched', '=', f.matched ? 1 : 0);
  if (f.from) query = query.where('received_at', '>=', f.from);
  if (f.to) query = query.where('received_at', '<', f.to);
  if (f.q) {
    const pattern = likePattern(f.q);
    query = query.where(sql<boolean>`(lower(subject) like ${pattern} escape '\\' or lower(from_text) like ${pattern} escape '\\' or lower(mail_from) like ${pattern} escape '\\')`);
  }
  if (after) query = query.where(olderThan('messages', after));
  return query.orderBy('received_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** Deletes up to `limit` messages received before `before` (their activities stay, without their message). */
export async function deleteMessagesBefore(db: Db, before: string, limit: number): Promise<number> {
  const old = db.selectFrom('messages').select('id').where('received_at', '<', before).orderBy('received_at').limit(limit);
  const result = await db.deleteFrom('messages').where('id', 'in', old).executeTakeFirst();
  return Number(result.numDeletedRows);
}
