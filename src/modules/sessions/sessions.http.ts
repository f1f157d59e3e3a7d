import crypto from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { SessionRow, UserRow } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import type { Scope } from '../../shared/scope.js';
import type { Actor } from '../accounts/accounts.users.js';
import { relyingParty, type RelyingParty } from '../accounts/accounts.webauthn.js';
import type { CurrentSession, RequestMeta } from './sessions.usecases.js';

export const SESSION_COOKIE = 'bw_session';

/** Who a request is: an API key (an administrator) or a session's user. Null when neither (the open routes). */
export type Principal = { kind: 'apikey'; apiKey: { id: number; name: string } } | { kind: 'session'; session: SessionRow; user: UserRow };

/** The request's caller, and the check groups it may see (resolved once, by the guard). */
export type AuthVariables = { auth: Principal | null; scope: Scope };

type AuthContext = Context<{ Variables: AuthVariables }>;

const forwardedProto = (c: Context) => c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();

/** HTTPS as the browser sees it: directly, behind a proxy that says so, or per BACKWATCH_PUBLIC_URL. */
export function isHttps(c: Context, publicUrl?: string): boolean {
  return forwardedProto(c) === 'https' || new URL(c.req.url).protocol === 'https:' || Boolean(publicUrl?.startsWith('https:'));
}

/** HttpOnly (no script reads it), SameSite=Strict (no other site sends it), Secure over HTTPS; it lasts as long as the browser does. */
export function setSessionCookie(c: Context, token: string, publicUrl?: string) {
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/', secure: isHttps(c, publicUrl) });
}

export function clearSessionCookie(c: Context, publicUrl?: string) {
  deleteCookie(c, SESSION_COOKIE, { httpOnly: true, sameSite: 'Strict', path: '/', secure: isHttps(c, publicUrl) });
}

export const readSessionToken = (c: Context) => getCookie(c, SESSION_COOKIE);

export function csrfMatches(sent: string | undefined, expected: string): boolean {
  if (!sent) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/**
 * The connection's own address; X-Forwarded-For is not trusted (anyone can
 * send it), so behind a reverse proxy every client shares the proxy's address.
 */
export function clientIp(c: Context): string {
  try {
    const address = getConnInfo(c).remote.address ?? 'unknown';
    return address.startsWith('::ffff:') ? address.slice(7) : address;
  } catch {
    return 'unknown';
  }
}

export const requestMeta = (c: Context): RequestMeta => ({ ip: clientIp(c), userAgent: c.req.header('user-agent') ?? '' });

export const relyingPartyOf = (c: Context, publicUrl?: string): RelyingParty =>
  relyingParty({ url: c.req.url, host: c.req.header('host'), forwardedProto: forwardedProto(c) }, publicUrl);

/** The request's session, if it has one (the login steps work with or without). */
export function currentSession(c: AuthContext): CurrentSession | null {
  const auth = c.get('auth');
  return auth?.kind === 'session' ? { session: auth.session, user: auth.user } : null;
}

/** The logged-in user of an /account route; API keys are nobody's account. */
export function accountOf(c: AuthContext): CurrentSession {
  const auth = c.get('auth');
  if (auth?.kind === 'apikey') throw new AppError('account.api_key', 'an API key has no account: log in as a user for /account', 403);
  if (auth?.kind !== 'session' || auth.session.mfa_pending) throw new AppError('unauthorized', 'log in first', 401);
  return { session: auth.session, user: auth.user };
}

/** Who is acting, for the rules about one's own account. */
export function actorOf(c: AuthContext): Actor {
  const auth = c.get('auth');
  return auth?.kind === 'session' ? { userId: auth.user.id, sessionId: auth.session.id } : {};
}
