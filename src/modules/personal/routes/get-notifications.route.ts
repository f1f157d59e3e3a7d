import { createRoute } from '@hono/zod-openapi';
import { errorResponses } from '../../api/api.errors.js';
import { jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { accountOf } from '../../sessions/sessions.http.js';
import { presentNotifications } from '../personal.account.js';
import { notificationsSchema } from '../personal.schemas.js';

const route = createRoute({
  method: 'get',
  path: '/account/notifications',
  tags: ['account'],
  summary: 'Your personal notification settings',
  description: 'Which statuses reach you, on which media, and your quiet hours. You hear only of checks you may see.',
  responses: { 200: jsonContent(notificationsSchema, 'The settings'), ...errorResponses },
});

export function registerGetNotifications(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => c.json(await presentNotifications(deps.personal, accountOf(c).user), 200));
}
