import type { MiddlewareHandler } from 'hono';
import { authenticateApiKey } from '../apikeys/apikeys.usecases.js';
import { type Caller, isLoginFlow, isOpenPath, refusal } from '../sessions/sessions.policy.js';
import { type AuthVariables, clearSessionCookie, csrfMatches, readSessionToken } from '../sessions/sessions.http.js';
import { resolveSession } from '../sessions/sessions.usecases.js';
import { scopeOf } from '../accounts/accounts.scope.js';
import { errorBody } from './api.errors.js';
import type { ApiDeps } from './api.types.js';

export type { AuthVariables } from '../sessions/sessions.http.js';

/**
 * Every API request but the open ones: `Authorization: Bearer <key>` (an API
 * key, acting as an administrator) or the console's session cookie, then the
 * rules of sessions.policy.ts (CSRF, 2FA pending, viewers). The caller's scope
 * (the check groups it may see) is read from the user row each request, so a
 * change to a user's groups holds from their next request.
 */
export function authenticate(deps: Pick<ApiDeps, 'db' | 'clock' | 'accounts' | 'organization'>): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    const path = c.req.path.replace(/^\/api\/v1/, '') || '/';
    c.set('scope', null);
    if (isOpenPath(path)) return next();
    const method = c.req.method;
    c.set('auth', null);
    let caller: Caller = null;
    const header = c.req.header('authorization');
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const key = match && (await authenticateApiKey(deps, match[1]!));
      if (!key) {
        c.header('WWW-Authenticate', 'Bearer realm="backwatch"');
        return c.json(errorBody('unauthorized', match ? 'the API key is not valid' : 'send an API key: Authorization: Bearer <key>'), 401);
      }
      c.set('auth', { kind: 'apikey', apiKey: key });
      caller = { kind: 'apikey' };
    } else {
      const token = readSessionToken(c);
      if (token) {
        const resolved = await resolveSession(deps.accounts, token, deps.organization.get().sessionTimeoutMinutes);
        if (resolved.state === 'active') {
          const { session, user } = resolved.current;
          c.set('auth', { kind: 'session', session, user });
          c.set('scope', scopeOf(user));
          caller = { kind: 'session', role: user.role, mfaPending: session.mfa_pending === 1, csrfValid: csrfMatches(c.req.header('x-csrf-token'), session.csrf_token) };
        } else {
          clearSessionCookie(c, deps.accounts.publicUrl);
          if (resolved.state === 'expired' && !isLoginFlow(method, path)) {
            return c.json(errorBody('session.expired', 'the session expired after a time without activity; log in again'), 401);
          }
        }
      }
    }
    const refused = refusal(method, path, caller);
    if (refused) return c.json(errorBody(refused.code, refused.message), refused.status);
    await next();
  };
}
