import type { Db } from '../../db/database.js';
import type { SessionRow } from '../../db/schema.js';

type NewSession = Omit<SessionRow, 'id' | 'webauthn_challenge'>;
type SessionPatch = Partial<Pick<SessionRow, 'token_hash' | 'csrf_token' | 'mfa_pending' | 'webauthn_challenge' | 'last_seen_at'>>;

export async function insertSession(db: Db, s: NewSession): Promise<number> {
  const { id } = await db.insertInto('sessions').values(s).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function findSessionByTokenHash(db: Db, tokenHash: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function findSessionById(db: Db, id: number): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateSessionRow(db: Db, id: number, patch: SessionPatch): Promise<void> {
  await db.updateTable('sessions').set(patch).where('id', '=', id).execute();
}

export async function deleteSessionRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Ends every session of a user, but the one given (theirs, after a password change). */
export async function deleteUserSessions(db: Db, userId: number, exceptId?: number): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  await q.execute();
}

export async function deleteSessionsIdleSince(db: Db, before: string): Promise<void> {
  await db.deleteFrom('sessions').where('last_seen_at', '<', before).execute();
}

/** Takes the session's pending WebAuthn challenge (a compare-and-set, so it is used at most once). */
export async function takeChallenge(db: Db, id: number): Promise<string | null> {
  const row = await db.selectFrom('sessions').select('webauthn_challenge').where('id', '=', id).executeTakeFirst();
  if (!row?.webauthn_challenge) return null;
  const r = await db.updateTable('sessions').set({ webauthn_challenge: null }).where('id', '=', id).where('webauthn_challenge', '=', row.webauthn_challenge).executeTakeFirst();
  return r.numUpdatedRows > 0n ? row.webauthn_challenge : null;
}
