import { createRoute } from '@hono/zod-openapi';
import { conflictResponse, errorResponses } from '../../api/api.errors.js';
import { idParams } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { actorOf } from '../../sessions/sessions.http.js';
import { deleteUser } from '../accounts.users.js';

const route = createRoute({
  method: 'delete',
  path: '/users/{id}',
  tags: ['users'],
  summary: 'Remove a user (administrators only)',
  description: 'Ends their sessions. Not the last administrator (409 `user.last_admin`), not oneself (409 `user.self`).',
  request: { params: idParams },
  responses: { 204: { description: 'Removed' }, ...errorResponses, ...conflictResponse },
});

export function registerDeleteUser(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    await deleteUser(deps.accounts, c.req.valid('param').id, actorOf(c));
    return c.body(null, 204);
  });
}
