import type { Db } from '../../db/database.js';
import type { Role, UserRow } from '../../db/schema.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, invalid, notFound } from '../../shared/errors.js';
import type { SecretBox } from '../../shared/secrets.js';
import type { LoginThrottle } from '../sessions/sessions.throttle.js';
import { deleteUserSessions } from '../sessions/sessions.repository.js';
import { lockGroups } from '../groups/groups.repository.js';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, verifyPassword } from './accounts.passwords.js';
import { groupIdsOf, packGroupIds } from './accounts.scope.js';
import {
  countUsers,
  deleteCredentials,
  deleteRecoveryCodes,
  deleteUserRow,
  findUser,
  findUserByName,
  insertUser,
  limitedUsers,
  listCredentialRows,
  listUserRows,
  updateUserRow,
  usernameKey,
} from './accounts.repository.js';

export interface AccountDeps {
  db: Db;
  clock: Clock;
  box: SecretBox;
  throttle: LoginThrottle;
  /** BACKWATCH_PUBLIC_URL when it was set: the WebAuthn relying party and whether cookies are Secure. */
  publicUrl?: string;
}

export const USERNAME_PATTERN = /^[\p{L}\p{N}._@+-]{1,64}$/u;

export function presentUser(row: UserRow, webauthnCount: number) {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    totpEnabled: row.totp_enabled === 1,
    webauthnCount,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastLoginAt: row.last_login_at,
    groupIds: groupIdsOf(row.group_ids),
  };
}

export type PresentedUser = ReturnType<typeof presentUser>;

export async function userView(db: Db, row: UserRow): Promise<PresentedUser> {
  return presentUser(row, (await listCredentialRows(db, row.id)).length);
}

export function checkNewPassword(password: string, field = 'password'): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) throw invalid(field, `must be at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH) throw invalid(field, `must be at most ${MAX_PASSWORD_LENGTH} characters`);
}

export async function getUserRow(db: Db, id: number): Promise<UserRow> {
  const row = await findUser(db, id);
  if (!row) throw notFound('user', id);
  return row;
}

function checkUsername(name: string): string {
  const username = name.trim();
  if (!USERNAME_PATTERN.test(username)) throw invalid('username', 'use 1–64 letters, digits and . _ @ + -');
  return username;
}

const nameTaken = (username: string) => new AppError('user.exists', `a user named "${username}" already exists`, 409);

/**
 * A user's group limit, as it will be stored: only viewers are limited, and only to groups that exist
 * (locked until the write commits, so a group deleted meanwhile cannot stay in the list).
 */
async function checkGroupIds(trx: Db, role: Role, groupIds: readonly number[] | null): Promise<string | null> {
  if (groupIds === null) return null;
  if (role === 'admin') throw invalid('groupIds', 'administrators see every group: send null, or make the user a viewer');
  const known = new Set(await lockGroups(trx, groupIds));
  const missing = groupIds.find((id) => !known.has(id));
  if (missing !== undefined) throw invalid('groupIds', `no group ${missing}`);
  return packGroupIds(groupIds);
}

type NewUser = { username: string; password: string; role: Role; groupIds?: number[] | null };

/** Validates, hashes and inserts; the precondition and the name check share the insert's transaction, so two requests cannot both pass them. */
async function addUser(deps: Pick<AccountDeps, 'db' | 'clock'>, input: NewUser, precondition?: (trx: Db) => Promise<void>): Promise<UserRow> {
  const username = checkUsername(input.username);
  checkNewPassword(input.password);
  const password_hash = await hashPassword(input.password);
  const id = await deps.db.transaction().execute(async (trx) => {
    await precondition?.(trx);
    if (await findUserByName(trx, username)) throw nameTaken(username);
    const group_ids = await checkGroupIds(trx, input.role, input.groupIds ?? null);
    return insertUser(trx, { username, password_hash, role: input.role, group_ids, now: deps.clock.now().toISOString() });
  });
  return getUserRow(deps.db, id);
}

/** The CLI's and the administrators' way to add someone. */
export async function createUser(deps: Pick<AccountDeps, 'db' | 'clock'>, input: NewUser): Promise<PresentedUser> {
  return userView(deps.db, await addUser(deps, input));
}

/** The first administrator, only while there is no user at all. */
export async function setupFirstAdmin(deps: Pick<AccountDeps, 'db' | 'clock'>, input: { username: string; password: string }): Promise<UserRow> {
  return addUser(deps, { ...input, role: 'admin' }, async (trx) => {
    if ((await countUsers(trx)) > 0) throw new AppError('setup.done', 'backwatch is already set up: log in', 409);
  });
}

export async function listUsers(db: Db): Promise<PresentedUser[]> {
  return (await listUserRows(db)).map((r) => presentUser(r, Number(r.webauthn_count ?? 0)));
}

const lastAdmin = () => new AppError('user.last_admin', 'backwatch needs at least one administrator', 409);

/** Who is asking: an administrator's own session is kept when they reset their own password. */
export interface Actor {
  userId?: number;
  sessionId?: number;
}

export async function updateUser(
  deps: Pick<AccountDeps, 'db' | 'clock'>,
  id: number,
  patch: { username?: string; role?: Role; password?: string; resetMfa?: boolean; groupIds?: number[] | null },
  actor: Actor,
): Promise<PresentedUser> {
  const username = patch.username === undefined ? undefined : checkUsername(patch.username);
  if (patch.password !== undefined) checkNewPassword(patch.password);
  const password_hash = patch.password === undefined ? undefined : await hashPassword(patch.password);
  await deps.db.transaction().execute(async (trx) => {
    const row = await getUserRow(trx, id);
    const now = deps.clock.now().toISOString();
    const update: Parameters<typeof updateUserRow>[2] = { updated_at: now };
    if (username !== undefined) {
      const other = await findUserByName(trx, username);
      if (other && other.id !== id) throw nameTaken(username);
      Object.assign(update, { username, username_key: usernameKey(username) });
    }
    if (patch.role !== undefined && patch.role !== row.role) {
      if (row.role === 'admin' && (await countUsers(trx, 'admin')) <= 1) throw lastAdmin();
      update.role = patch.role;
    }
    const role = patch.role ?? row.role;
    if (patch.groupIds !== undefined) update.group_ids = await checkGroupIds(trx, role, patch.groupIds);
    else if (role === 'admin' && row.group_ids !== null) throw invalid('groupIds', 'administrators see every group: send null with the new role');
    if (password_hash) update.password_hash = password_hash;
    if (patch.resetMfa) {
      Object.assign(update, { totp_enabled: 0, totp_secret: null, totp_pending_secret: null, totp_last_step: null });
      await deleteCredentials(trx, id);
      await deleteRecoveryCodes(trx, id);
    }
    await updateUserRow(trx, id, update);
    // A new password ends the user's sessions (but the administrator's own, if they reset theirs).
    if (password_hash) await deleteUserSessions(trx, id, actor.userId === id ? actor.sessionId : undefined);
  });
  return userView(deps.db, await getUserRow(deps.db, id));
}

/** A deleted group leaves every user's list, in the deleting transaction. */
export async function forgetGroup(trx: Db, groupId: number): Promise<void> {
  for (const user of await limitedUsers(trx)) {
    const ids = groupIdsOf(user.group_ids)!;
    if (ids.includes(groupId)) await updateUserRow(trx, user.id, { group_ids: packGroupIds(ids.filter((id) => id !== groupId)) });
  }
}

export async function deleteUser(deps: Pick<AccountDeps, 'db'>, id: number, actor: Actor): Promise<void> {
  if (actor.userId === id) throw new AppError('user.self', 'you cannot delete your own account; another administrator can', 409);
  await deps.db.transaction().execute(async (trx) => {
    const row = await getUserRow(trx, id);
    if (row.role === 'admin' && (await countUsers(trx, 'admin')) <= 1) throw lastAdmin();
    await deleteUserRow(trx, id);
  });
}

export const throttled = (seconds: number) =>
  new AppError('throttled', `too many failed attempts; try again in ${Math.ceil(seconds / 60)} minutes`, 429, undefined, { 'Retry-After': String(seconds) });

/** A password asked for again before a sensitive change; wrong ones count towards the login throttle. */
export async function confirmPassword(deps: Pick<AccountDeps, 'throttle'>, user: UserRow, password: string, ip: string): Promise<void> {
  const wait = await deps.throttle.retryAfter(user.username, ip);
  if (wait > 0) throw throttled(wait);
  if (!(await verifyPassword(password, user.password_hash))) {
    await deps.throttle.fail(user.username, ip);
    throw new AppError('password.wrong', 'the password is wrong', 403);
  }
}

/** Changes one's own password and ends one's other sessions. */
export async function changeOwnPassword(deps: AccountDeps, user: UserRow, sessionId: number | undefined, input: { current: string; next: string }, ip: string) {
  await confirmPassword(deps, user, input.current, ip);
  checkNewPassword(input.next, 'next');
  const password_hash = await hashPassword(input.next);
  await deps.db.transaction().execute(async (trx) => {
    await updateUserRow(trx, user.id, { password_hash, updated_at: deps.clock.now().toISOString() });
    await deleteUserSessions(trx, user.id, sessionId);
  });
}
