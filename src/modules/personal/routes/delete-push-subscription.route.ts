import { createRoute } from '@hono/zod-openapi';
import { notFound } from '../../../shared/errors.js';
import { errorResponses } from '../../api/api.errors.js';
import { idParams } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { accountOf } from '../../sessions/sessions.http.js';
import { deleteSubscription } from '../personal.repository.js';

const route = createRoute({
  method: 'delete',
  path: '/account/push-subscriptions/{id}',
  tags: ['account'],
  summary: 'Stop push notifications to a browser of yours',
  request: { params: idParams },
  responses: { 204: { description: 'Removed' }, ...errorResponses },
});

export function registerDeletePushSubscription(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    if (!(await deleteSubscription(deps.db, id, accountOf(c).user.id))) throw notFound('push subscription', id);
    return c.body(null, 204);
  });
}
