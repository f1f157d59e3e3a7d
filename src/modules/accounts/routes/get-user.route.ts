import { createRoute } from '@hono/zod-openapi';
import { errorResponses } from '../../api/api.errors.js';
import { idParams, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { userSchema } from '../accounts.schemas.js';
import { getUserRow, userView } from '../accounts.users.js';

const route = createRoute({
  method: 'get',
  path: '/users/{id}',
  tags: ['users'],
  summary: 'Get a user, with the groups they are limited to (administrators only)',
  request: { params: idParams },
  responses: { 200: jsonContent(userSchema, 'The user'), ...errorResponses },
});

export function registerGetUser(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => c.json(await userView(deps.db, await getUserRow(deps.db, c.req.valid('param').id)), 200));
}
