import crypto from 'node:crypto';
import type { SessionRow, UserRow } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { checkRecoveryCode, checkTotpCode, mfaMethods, type MfaMethod } from '../accounts/accounts.mfa.js';
import { needsRehash, hashPassword, verifyNobody, verifyPassword } from '../accounts/accounts.passwords.js';
import { countUsers, findUser, findUserByName, updateUserRow } from '../accounts/accounts.repository.js';
import { type AccountDeps, type PresentedUser, setupFirstAdmin, throttled, userView } from '../accounts/accounts.users.js';
import { authenticationOptions, checkAssertion, type RelyingParty } from '../accounts/accounts.webauthn.js';
import { scopeOf } from '../accounts/accounts.scope.js';
import type { Scope } from '../../shared/scope.js';
import { sessionExpired, TOUCH_INTERVAL_MS } from './sessions.policy.js';
import {
  deleteSessionRow,
  deleteSessionsIdleSince,
  findSessionById,
  findSessionByTokenHash,
  insertSession,
  updateSessionRow,
} from './sessions.repository.js';

/** Where a request came from, kept with the session for the user's information. */
export interface RequestMeta {
  ip: string;
  userAgent: string;
}

/** What logging in (or a 2FA step) answers; `token` goes into the cookie, never into the body. */
export interface LoginOutcome {
  token: string;
  answer: { user: PresentedUser | null; mfaRequired: boolean; mfaMethods: MfaMethod[]; csrfToken: string };
}

const randomToken = () => crypto.randomBytes(32).toString('base64url');
export const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

async function startSession(deps: AccountDeps, user: UserRow, mfaPending: boolean, meta: RequestMeta) {
  const token = randomToken();
  const csrfToken = randomToken();
  const now = deps.clock.now().toISOString();
  await insertSession(deps.db, {
    token_hash: hashToken(token),
    user_id: user.id,
    csrf_token: csrfToken,
    mfa_pending: mfaPending ? 1 : 0,
    created_at: now,
    last_seen_at: now,
    ip: meta.ip,
    user_agent: meta.userAgent.slice(0, 300),
  });
  return { token, csrfToken };
}

async function loggedIn(deps: AccountDeps, user: UserRow, meta: RequestMeta): Promise<LoginOutcome> {
  const now = deps.clock.now().toISOString();
  await updateUserRow(deps.db, user.id, { last_login_at: now });
  await deps.throttle.succeed(user.username, meta.ip);
  const { token, csrfToken } = await startSession(deps, user, false, meta);
  const fresh = (await findUser(deps.db, user.id))!;
  return { token, answer: { user: await userView(deps.db, fresh), mfaRequired: false, mfaMethods: await mfaMethods(deps.db, fresh), csrfToken } };
}

export async function setup(deps: AccountDeps, input: { username: string; password: string }, meta: RequestMeta): Promise<LoginOutcome> {
  return loggedIn(deps, await setupFirstAdmin(deps, input), meta);
}

/**
 * Checks a username and password. Someone with a second factor gets a session
 * marked mfa_pending, good only for the 2FA steps; everyone else is logged in.
 */
export async function login(deps: AccountDeps, input: { username: string; password: string }, meta: RequestMeta, timeoutMinutes: number): Promise<LoginOutcome> {
  const wait = await deps.throttle.retryAfter(input.username, meta.ip);
  if (wait > 0) throw throttled(wait);
  const user = await findUserByName(deps.db, input.username);
  const ok = user ? await verifyPassword(input.password, user.password_hash) : await verifyNobody(input.password);
  if (!user || !ok) {
    await deps.throttle.fail(input.username, meta.ip);
    throw new AppError('session.invalid_credentials', 'wrong username or password', 401);
  }
  if (needsRehash(user.password_hash)) await updateUserRow(deps.db, user.id, { password_hash: await hashPassword(input.password) });
  // Idle sessions of anyone are swept here rather than by a timer: logins are rare and cheap to piggyback.
  await deleteSessionsIdleSince(deps.db, new Date(deps.clock.now().getTime() - timeoutMinutes * 60_000).toISOString());
  const methods = await mfaMethods(deps.db, user);
  if (methods.length === 0) return loggedIn(deps, user, meta);
  const { token, csrfToken } = await startSession(deps, user, true, meta);
  return { token, answer: { user: null, mfaRequired: true, mfaMethods: methods, csrfToken } };
}

/** The session and user of a request, as the guard found them. */
export interface CurrentSession {
  session: SessionRow;
  user: UserRow;
}

function pendingOnly(current: CurrentSession | null): CurrentSession {
  if (!current) throw new AppError('session.none', 'log in with your username and password first', 401);
  if (!current.session.mfa_pending) throw new AppError('session.mfa_done', 'this session is already logged in', 409);
  return current;
}

/** A 2FA step passed: the half-open session is replaced by a full one (a new token, so a token seen before 2FA is worthless). */
async function secondFactorPassed(deps: AccountDeps, current: CurrentSession, meta: RequestMeta): Promise<LoginOutcome> {
  await deleteSessionRow(deps.db, current.session.id);
  return loggedIn(deps, (await findUser(deps.db, current.user.id))!, meta);
}

/** Runs one 2FA check under the login throttle: failures count as failed logins. */
async function secondFactor(deps: AccountDeps, current: CurrentSession | null, meta: RequestMeta, check: (c: CurrentSession) => Promise<boolean>): Promise<LoginOutcome> {
  const pending = pendingOnly(current);
  const wait = await deps.throttle.retryAfter(pending.user.username, meta.ip);
  if (wait > 0) throw throttled(wait);
  let passed: boolean;
  try {
    passed = await check(pending);
  } catch (e) {
    await deps.throttle.fail(pending.user.username, meta.ip);
    throw e;
  }
  if (!passed) {
    await deps.throttle.fail(pending.user.username, meta.ip);
    throw new AppError('mfa.invalid_code', 'that code is not right (each code works once)', 401);
  }
  return secondFactorPassed(deps, pending, meta);
}

export const loginWithTotp = (deps: AccountDeps, current: CurrentSession | null, code: string, meta: RequestMeta) =>
  secondFactor(deps, current, meta, (c) => checkTotpCode(deps, c.user, code));

export const loginWithRecoveryCode = (deps: AccountDeps, current: CurrentSession | null, code: string, meta: RequestMeta) =>
  secondFactor(deps, current, meta, (c) => checkRecoveryCode(deps, c.user, code));

export const loginWithWebauthn = (deps: AccountDeps, current: CurrentSession | null, rp: RelyingParty, response: unknown, meta: RequestMeta) =>
  secondFactor(deps, current, meta, async (c) => {
    await checkAssertion(deps, c.user, c.session.id, rp, response);
    return true;
  });

export async function webauthnLoginOptions(deps: AccountDeps, current: CurrentSession | null, rp: RelyingParty) {
  const pending = pendingOnly(current);
  return authenticationOptions(deps, pending.user, pending.session.id, rp);
}

export async function logout(deps: AccountDeps, current: CurrentSession | null): Promise<void> {
  if (current) await deleteSessionRow(deps.db, current.session.id);
}

export type Resolved = { state: 'active'; current: CurrentSession } | { state: 'expired' } | { state: 'none' };

/**
 * The session a cookie's token names. One idle past the organization's
 * timeout is deleted and reported expired; an active one is touched, at most
 * every 30 s, so reading does not turn into a write per request.
 */
export async function resolveSession(deps: AccountDeps, token: string, timeoutMinutes: number): Promise<Resolved> {
  const session = await findSessionByTokenHash(deps.db, hashToken(token));
  if (!session) return { state: 'none' };
  const now = deps.clock.now();
  if (sessionExpired(session, now, timeoutMinutes)) {
    await deleteSessionRow(deps.db, session.id);
    return { state: 'expired' };
  }
  const user = await findUser(deps.db, session.user_id);
  if (!user) return { state: 'none' };
  if (now.getTime() - Date.parse(session.last_seen_at) >= TOUCH_INTERVAL_MS) {
    session.last_seen_at = now.toISOString();
    await updateSessionRow(deps.db, session.id, { last_seen_at: session.last_seen_at });
  }
  return { state: 'active', current: { session, user } };
}

/**
 * What its user may see now, if a session still stands (not logged out, not idle
 * past the timeout); null once it ended. Read without touching the session: a
 * long-lived request such as the live stream must not keep it alive by itself.
 */
export async function standingScope(deps: AccountDeps, sessionId: number, timeoutMinutes: number): Promise<{ scope: Scope } | null> {
  const session = await findSessionById(deps.db, sessionId);
  if (!session || sessionExpired(session, deps.clock.now(), timeoutMinutes)) return null;
  const user = await findUser(deps.db, session.user_id);
  return user ? { scope: scopeOf(user) } : null;
}

/** GET /session: what the console needs to decide between setup, login, 2FA and its pages. */
export async function describeSession(deps: AccountDeps, current: CurrentSession | null) {
  const setupRequired = (await countUsers(deps.db)) === 0;
  if (!current) return { setupRequired, user: null, mfaPending: false, mfaMethods: [] as MfaMethod[], csrfToken: null };
  const pending = current.session.mfa_pending === 1;
  return {
    setupRequired,
    user: pending ? null : await userView(deps.db, current.user),
    mfaPending: pending,
    mfaMethods: await mfaMethods(deps.db, current.user),
    csrfToken: current.session.csrf_token,
  };
}
