import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses } from '../../api/api.errors.js';
import { jsonBody, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { accountOf } from '../../sessions/sessions.http.js';
import { upsertSubscription } from '../personal.repository.js';
import { pushSubscriptionSchema } from '../personal.schemas.js';

const route = createRoute({
  method: 'post',
  path: '/account/push-subscriptions',
  tags: ['account'],
  summary: 'Receive push notifications in this browser',
  description: "The browser's PushSubscription (endpoint and keys), made with the VAPID public key from GET /account/notifications. The same endpoint again replaces it.",
  request: { body: jsonBody(pushSubscriptionSchema) },
  responses: { 201: jsonContent(z.object({ id: z.number().int() }), 'Kept'), ...errorResponses },
});

export function registerAddPushSubscription(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    const { endpoint, keys } = c.req.valid('json');
    const userAgent = (c.req.header('user-agent') ?? '').slice(0, 300);
    const id = await upsertSubscription(deps.db, { userId: accountOf(c).user.id, endpoint, p256dh: keys.p256dh, auth: keys.auth, userAgent, now: deps.clock.now().toISOString() });
    return c.json({ id }, 201);
  });
}
