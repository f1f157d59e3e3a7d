import type { Context } from 'hono';
import type { AuthVariables } from '../sessions/sessions.http.js';

/** The user of a console session that is not an administrator's, whose view is their own (their personal notifications); else undefined. */
export function viewerOnly(c: Context<{ Variables: AuthVariables }>): number | undefined {
  const auth = c.get('auth');
  return auth?.kind === 'session' && auth.user.role !== 'admin' ? auth.user.id : undefined;
}
