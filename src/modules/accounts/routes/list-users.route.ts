import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses } from '../../api/api.errors.js';
import { jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { userSchema } from '../accounts.schemas.js';
import { listUsers } from '../accounts.users.js';

const route = createRoute({
  method: 'get',
  path: '/users',
  tags: ['users'],
  summary: 'List users (administrators only)',
  responses: { 200: jsonContent(z.object({ items: z.array(userSchema) }), 'Every user, by name'), ...errorResponses },
});

export function registerListUsers(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => c.json({ items: await listUsers(deps.db) }, 200));
}
