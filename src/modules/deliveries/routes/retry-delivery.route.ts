import { createRoute } from '@hono/zod-openapi';
import { AppError, notFound } from '../../../shared/errors.js';
import { conflictResponse, errorResponses } from '../../api/api.errors.js';
import { idParams, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { presentDelivery } from '../deliveries.present.js';
import { findDelivery, requeueDelivery } from '../deliveries.repository.js';
import { deliverySchema } from '../deliveries.schemas.js';

const route = createRoute({
  method: 'post',
  path: '/deliveries/{id}/retry',
  tags: ['deliveries'],
  summary: 'Try a failed (or cancelled) delivery again',
  description: 'It becomes due now, with a fresh retry window.',
  request: { params: idParams },
  responses: { 200: jsonContent(deliverySchema, 'The delivery, pending again'), ...errorResponses, ...conflictResponse },
});

export function registerRetryDelivery(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const now = deps.clock.now();
    const giveUpAt = new Date(now.getTime() + deps.deliveries.retryHours * 3_600_000).toISOString();
    if (!(await requeueDelivery(deps.db, id, now.toISOString(), giveUpAt))) {
      if (!(await findDelivery(deps.db, id))) throw notFound('delivery', id);
      throw new AppError('delivery.not_retryable', 'only failed or cancelled deliveries can be retried', 409);
    }
    deps.deliveries.wake();
    return c.json(presentDelivery((await findDelivery(deps.db, id))!), 200);
  });
}
