import type { Db } from '../../db/database.js';
import { lockingRows } from '../../db/dialect.js';
import type { Role, UserRow } from '../../db/schema.js';

type UserPatch = Partial<Omit<UserRow, 'id' | 'created_at'>>;

export async function countUsers(db: Db, role?: Role): Promise<number> {
  let q = db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n'));
  if (role) q = q.where('role', '=', role);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export async function findUser(db: Db, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUserByName(db: Db, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username_key', '=', usernameKey(username)).executeTakeFirst();
}

export const usernameKey = (username: string) => username.trim().toLowerCase();

export async function insertUser(db: Db, u: { username: string; password_hash: string; role: Role; group_ids: string | null; now: string }): Promise<number> {
  const { id } = await db
    .insertInto('users')
    .values({ username: u.username, username_key: usernameKey(u.username), password_hash: u.password_hash, role: u.role, group_ids: u.group_ids, created_at: u.now, updated_at: u.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateUserRow(db: Db, id: number, patch: UserPatch): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

export async function deleteUserRow(db: Db, id: number): Promise<boolean> {
  return (await db.deleteFrom('users').where('id', '=', id).executeTakeFirst()).numDeletedRows > 0n;
}

/** Users limited to some groups (group_ids not null), locked for the change the caller makes to their lists. */
export async function limitedUsers(db: Db): Promise<{ id: number; group_ids: string }[]> {
  const rows = await lockingRows(db, db.selectFrom('users').select(['id', 'group_ids']).where('group_ids', 'is not', null)).execute();
  return rows.map((r) => ({ id: r.id, group_ids: r.group_ids! }));
}

/** Users with how many security keys each has, by name. */
export async function listUserRows(db: Db) {
  return db
    .selectFrom('users')
    .selectAll('users')
    .select((eb) => eb.selectFrom('webauthn_credentials').whereRef('webauthn_credentials.user_id', '=', 'users.id').select(eb.fn.countAll<number>().as('n')).as('webauthn_count'))
    .orderBy('username_key')
    .execute();
}

export async function replaceRecoveryCodes(db: Db, userId: number, hashes: string[], now: string): Promise<void> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await db.insertInto('recovery_codes').values(hashes.map((code_hash) => ({ user_id: userId, code_hash, created_at: now, used_at: null }))).execute();
}

export async function deleteRecoveryCodes(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
}

/** Marks the code used if it is the user's and unused; a compare-and-set, so a code works once. */
export async function useRecoveryCode(db: Db, userId: number, hash: string, now: string): Promise<boolean> {
  const r = await db.updateTable('recovery_codes').set({ used_at: now }).where('user_id', '=', userId).where('code_hash', '=', hash).where('used_at', 'is', null).executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function countUnusedRecoveryCodes(db: Db, userId: number): Promise<number> {
  const { n } = await db.selectFrom('recovery_codes').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('used_at', 'is', null).executeTakeFirstOrThrow();
  return Number(n);
}

export async function listCredentialRows(db: Db, userId: number) {
  return db.selectFrom('webauthn_credentials').selectAll().where('user_id', '=', userId).orderBy('id').execute();
}

export async function insertCredential(
  db: Db,
  c: { user_id: number; credential_id: string; public_key: string; counter: number; transports: string[]; name: string; now: string },
): Promise<number> {
  const { id } = await db
    .insertInto('webauthn_credentials')
    .values({ user_id: c.user_id, credential_id: c.credential_id, public_key: c.public_key, counter: c.counter, transports: JSON.stringify(c.transports), name: c.name, created_at: c.now, last_used_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function touchCredential(db: Db, id: number, counter: number, now: string): Promise<void> {
  await db.updateTable('webauthn_credentials').set({ counter, last_used_at: now }).where('id', '=', id).execute();
}

export async function deleteCredentialRow(db: Db, userId: number, id: number): Promise<boolean> {
  return (await db.deleteFrom('webauthn_credentials').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst()).numDeletedRows > 0n;
}

/** Records the step of a TOTP code just accepted, if it is later than the last one (a compare-and-set: a code works once). */
export async function advanceTotpStep(db: Db, userId: number, step: number): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function deleteCredentials(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('webauthn_credentials').where('user_id', '=', userId).execute();
}

export async function credentialExists(db: Db, credentialId: string): Promise<boolean> {
  return (await db.selectFrom('webauthn_credentials').select('id').where('credential_id', '=', credentialId).executeTakeFirst()) !== undefined;
}
