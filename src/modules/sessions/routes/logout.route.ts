import { createRoute } from '@hono/zod-openapi';
import { errorResponses } from '../../api/api.errors.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { clearSessionCookie, currentSession } from '../sessions.http.js';
import { logout } from '../sessions.usecases.js';

const route = createRoute({
  method: 'delete',
  path: '/session',
  tags: ['session'],
  summary: 'Log out',
  description: 'Ends the session and clears the cookie; 204 also when there was no session.',
  security: [],
  responses: { 204: { description: 'Logged out' }, ...errorResponses },
});

export function registerLogout(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    await logout(deps.accounts, currentSession(c));
    clearSessionCookie(c, deps.accounts.publicUrl);
    return c.body(null, 204);
  });
}
