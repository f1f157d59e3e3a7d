import { createRoute } from '@hono/zod-openapi';
import { errorResponses, throttledResponse } from '../../api/api.errors.js';
import { jsonBody } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { accountOf, clientIp } from '../../sessions/sessions.http.js';
import { changePasswordSchema } from '../accounts.schemas.js';
import { changeOwnPassword } from '../accounts.users.js';

const route = createRoute({
  method: 'post',
  path: '/account/password',
  tags: ['account'],
  summary: 'Change one\'s password',
  description: 'Needs the current password (wrong: 403 `password.wrong`); ends the user\'s other sessions, this one stays.',
  request: { body: jsonBody(changePasswordSchema) },
  responses: { 204: { description: 'Changed' }, ...errorResponses, ...throttledResponse },
});

export function registerChangePassword(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    const { user, session } = accountOf(c);
    await changeOwnPassword(deps.accounts, user, session.id, c.req.valid('json'), clientIp(c));
    return c.body(null, 204);
  });
}
