import { createRoute, z } from '@hono/zod-openapi';
import { decodeCursor, encodeCursor } from '../../../shared/pagination.js';
import { errorResponses } from '../../api/api.errors.js';
import { jsonContent, pageQuery } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { viewerOnly } from '../../api/api.caller.js';
import { presentDelivery } from '../deliveries.present.js';
import { DELIVERY_STATES, listDeliveries } from '../deliveries.repository.js';
import { deliverySchema } from '../deliveries.schemas.js';

const query = z.object({
  state: z.enum(DELIVERY_STATES).optional().openapi({ description: '`failed` lists the deliveries that were given up.' }),
  checkId: z.coerce.number().int().positive().optional(),
  channelId: z.coerce.number().int().positive().optional(),
  userId: z.coerce.number().int().positive().optional().openapi({ description: "A user's personal notifications." }),
  ...pageQuery,
});

const route = createRoute({
  method: 'get',
  path: '/deliveries',
  tags: ['deliveries'],
  summary: 'List deliveries (one per channel, and one per user medium, per alert), newest first',
  request: { query },
  responses: { 200: jsonContent(z.object({ items: z.array(deliverySchema), nextCursor: z.string().nullable() }), 'A page of deliveries'), ...errorResponses },
});

const isId = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;

export function registerListDeliveries(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    const { limit, cursor, ...filter } = c.req.valid('query');
    const rows = await listDeliveries(deps.db, { ...filter, personalOf: viewerOnly(c) }, limit + 1, cursor ? decodeCursor(cursor, isId) : undefined, c.get('scope'));
    const items = rows.slice(0, limit);
    return c.json({ items: items.map(presentDelivery), nextCursor: rows.length > limit ? encodeCursor(items.at(-1)!.id) : null }, 200);
  });
}
