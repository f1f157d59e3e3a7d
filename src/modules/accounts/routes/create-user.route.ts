import { createRoute } from '@hono/zod-openapi';
import { conflictResponse, errorResponses } from '../../api/api.errors.js';
import { jsonBody, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { createUserSchema, userSchema } from '../accounts.schemas.js';
import { createUser } from '../accounts.users.js';

const route = createRoute({
  method: 'post',
  path: '/users',
  tags: ['users'],
  summary: 'Add a user (administrators only)',
  description: 'Usernames are unique whatever their case (409 `user.exists`).',
  request: { body: jsonBody(createUserSchema) },
  responses: { 201: jsonContent(userSchema, 'The new user'), ...errorResponses, ...conflictResponse },
});

export function registerCreateUser(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => c.json(await createUser(deps.accounts, c.req.valid('json')), 201));
}
