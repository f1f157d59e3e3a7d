import type { Role } from '../../db/schema.js';

/** Reachable without a key or session: the service's health, the API's own documentation, and Comet's webhook (which has its own secret). */
export function isOpenPath(path: string): boolean {
  return path === '/health' || path === '/openapi.json' || path === '/docs' || path.startsWith('/docs/') || path === '/ingest/comet';
}

/** Setting up, logging in (with its 2FA steps) and out: reachable without a session, and by one awaiting its second factor. */
const LOGIN_FLOW = new Set([
  'GET /session',
  'POST /session',
  'DELETE /session',
  'POST /setup',
  'POST /session/totp',
  'POST /session/recovery',
  'POST /session/webauthn/options',
  'POST /session/webauthn',
]);

export const isLoginFlow = (method: string, path: string) => LOGIN_FLOW.has(`${method === 'HEAD' ? 'GET' : method} ${path}`);

const isSafe = (method: string) => method === 'GET' || method === 'HEAD';
const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/** Administration, closed to viewers even for reading. */
const ADMIN_ONLY = ['/users', '/apikeys', '/settings/personal-notifications'];
/**
 * Reads that change things (polling a sign-in saves the account's grant once the person has signed in),
 * and a vendor's lists, which name every customer of the tenant and serve only the forms admins fill.
 */
const ADMIN_ONLY_READS = [/^\/channels\/[^/]+\/connect$/, /^\/channels\/[^/]+\/lookups(\/|$)/];

export type Caller = { kind: 'apikey' } | { kind: 'session'; role: Role; mfaPending: boolean; csrfValid: boolean } | null;

export type Refusal = { status: 401 | 403; code: string; message: string };

/**
 * Who may do what, decided from the method and path alone (relative to /api/v1).
 * API keys act as administrators. A session must show its CSRF token on every
 * change; one still awaiting its second factor reaches only the login steps;
 * a viewer reads, and changes only their own account.
 */
export function refusal(method: string, path: string, caller: Caller): Refusal | null {
  if (isOpenPath(path)) return null;
  if (!caller) {
    return isLoginFlow(method, path) ? null : { status: 401, code: 'unauthorized', message: 'log in, or send an API key: Authorization: Bearer <key>' };
  }
  if (caller.kind === 'apikey') return null;
  if (!isSafe(method) && !caller.csrfValid) return { status: 403, code: 'csrf.invalid', message: 'send the session\'s CSRF token in X-CSRF-Token' };
  if (isLoginFlow(method, path)) return null;
  if (caller.mfaPending) return { status: 401, code: 'session.mfa_pending', message: 'finish logging in with your second factor first' };
  if (caller.role === 'admin') return null;
  if (ADMIN_ONLY.some((p) => under(path, p)) || ADMIN_ONLY_READS.some((p) => p.test(path))) return { status: 403, code: 'forbidden', message: 'only administrators may do this' };
  if (!isSafe(method) && !under(path, '/account')) return { status: 403, code: 'forbidden', message: 'viewers can look but not change anything' };
  return null;
}

/** A session ends after this long without a request, and one awaiting its second factor after 10 minutes whatever happens. */
export const MFA_PENDING_MAX_MS = 10 * 60_000;
/** last_seen_at is written at most this often per session. */
export const TOUCH_INTERVAL_MS = 30_000;

export function sessionExpired(s: { last_seen_at: string; created_at: string; mfa_pending: number }, now: Date, timeoutMinutes: number): boolean {
  const t = now.getTime();
  if (t - Date.parse(s.last_seen_at) > timeoutMinutes * 60_000) return true;
  return s.mfa_pending === 1 && t - Date.parse(s.created_at) > MFA_PENDING_MAX_MS;
}
