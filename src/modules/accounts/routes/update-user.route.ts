import { createRoute } from '@hono/zod-openapi';
import { conflictResponse, errorResponses } from '../../api/api.errors.js';
import { idParams, jsonBody, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { actorOf } from '../../sessions/sessions.http.js';
import { updateUserSchema, userSchema } from '../accounts.schemas.js';
import { updateUser } from '../accounts.users.js';

const route = createRoute({
  method: 'patch',
  path: '/users/{id}',
  tags: ['users'],
  summary: 'Change a user\'s name, role or groups, reset their password or second factors (administrators only)',
  description:
    'The last administrator cannot be made a viewer (409 `user.last_admin`). A new password ends the user\'s sessions. `groupIds` limits a viewer to some check groups (400 naming `groupIds` for an unknown group, or for an administrator, who sees every group).',
  request: { params: idParams, body: jsonBody(updateUserSchema) },
  responses: { 200: jsonContent(userSchema, 'The user'), ...errorResponses, ...conflictResponse },
});

export function registerUpdateUser(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => c.json(await updateUser(deps.accounts, c.req.valid('param').id, c.req.valid('json'), actorOf(c)), 200));
}
