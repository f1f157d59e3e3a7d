import { createRoute, z } from '@hono/zod-openapi';
import { decodeCursor, encodeCursor, isTimeKey } from '../../../shared/pagination.js';
import { errorResponses } from '../../api/api.errors.js';
import { instant, jsonContent, pageQuery } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { listActivities } from '../activities.repository.js';
import { ACTIVITY_STATUSES, activitySchema } from '../activities.schemas.js';

const query = z.object({
  checkId: z.coerce.number().int().positive().optional(),
  status: z.enum(ACTIVITY_STATUSES).optional(),
  from: instant.optional().openapi({ description: 'Received at or after this instant.' }),
  to: instant.optional().openapi({ description: 'Received before this instant.' }),
  q: z.string().max(200).optional().openapi({ description: 'Text in the subject.' }),
  ...pageQuery,
});

const route = createRoute({
  method: 'get',
  path: '/activities',
  tags: ['activities'],
  summary: 'List activities, newest first',
  description: "A user limited to some groups sees only their checks' activities.",
  request: { query },
  responses: {
    200: jsonContent(z.object({ items: z.array(activitySchema), nextCursor: z.string().nullable() }), 'A page of activities'),
    ...errorResponses,
  },
});

export function registerListActivities(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    const { limit, cursor, ...filter } = c.req.valid('query');
    const rows = await listActivities(deps.db, filter, limit + 1, cursor ? decodeCursor(cursor, isTimeKey) : undefined, c.get('scope'));
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return c.json({ items, nextCursor: rows.length > limit && last ? encodeCursor([last.receivedAt, last.id]) : null }, 200);
  });
}
