import { createRoute, z } from '@hono/zod-openapi';
import { viewerOnly } from '../../api/api.caller.js';
import { notFound } from '../../../shared/errors.js';
import { errorResponses } from '../../api/api.errors.js';
import { idParams, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { presentAttempt, presentDelivery } from '../deliveries.present.js';
import { attemptsOf, findDelivery } from '../deliveries.repository.js';
import { attemptSchema, deliverySchema } from '../deliveries.schemas.js';

const route = createRoute({
  method: 'get',
  path: '/deliveries/{id}',
  tags: ['deliveries'],
  summary: 'Get a delivery with every attempt',
  request: { params: idParams },
  responses: { 200: jsonContent(deliverySchema.extend({ attempts: z.array(attemptSchema) }), 'The delivery'), ...errorResponses },
});

export function registerGetDelivery(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const row = await findDelivery(deps.db, id, c.get('scope'));
    const viewer = viewerOnly(c);
    // Another user's personal notification is not there for a viewer.
    if (!row || (viewer !== undefined && row.user_id !== null && row.user_id !== viewer)) throw notFound('delivery', id);
    return c.json({ ...presentDelivery(row), attempts: (await attemptsOf(deps.db, id)).map(presentAttempt) }, 200);
  });
}
