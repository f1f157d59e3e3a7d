import { createRoute } from '@hono/zod-openapi';
import { errorResponses } from '../../api/api.errors.js';
import { jsonBody, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { accountOf } from '../../sessions/sessions.http.js';
import { testNotification } from '../personal.account.js';
import { testNotificationSchema, testResultsSchema } from '../personal.schemas.js';

const route = createRoute({
  method: 'post',
  path: '/account/notifications/test',
  tags: ['account'],
  summary: 'Send yourself a test notification',
  description: "Sent at once (not through the outbox), to every browser for push. Each result says how it went, with the vendor's message when it refused.",
  request: { body: jsonBody(testNotificationSchema) },
  responses: { 200: jsonContent(testResultsSchema, 'How each send went'), ...errorResponses },
});

export function registerTestNotification(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => c.json(await testNotification(deps.personal, accountOf(c).user, c.req.valid('json').medium), 200));
}
