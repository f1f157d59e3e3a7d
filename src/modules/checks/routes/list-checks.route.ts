import { createRoute, z } from '@hono/zod-openapi';
import { decodeCursor, encodeCursor, isOffset } from '../../../shared/pagination.js';
import { errorResponses } from '../../api/api.errors.js';
import { jsonContent, pageQuery } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { presentCheck } from '../checks.present.js';
import { listChecks } from '../checks.repository.js';
import { checkSchema } from '../checks.schemas.js';
import { CHECK_STATUSES } from '../../../shared/status.js';

const query = z.object({
  group: z.string().max(100).optional().openapi({ description: 'Only checks in this group (by name, any case).' }),
  label: z.string().max(50).optional().openapi({ description: 'Only checks with this label.' }),
  status: z.enum(CHECK_STATUSES).optional(),
  q: z.string().max(200).optional().openapi({ description: 'Text in the name, alias or description.' }),
  ...pageQuery,
});

const route = createRoute({
  method: 'get',
  path: '/checks',
  tags: ['checks'],
  summary: 'List checks',
  description: 'In dashboard order: by group name (checks without a group last), then by name. A user limited to some groups sees only their checks.',
  request: { query },
  responses: {
    200: jsonContent(z.object({ items: z.array(checkSchema), nextCursor: z.string().nullable() }), 'A page of checks'),
    ...errorResponses,
  },
});

export function registerListChecks(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    const { limit, cursor, ...filter } = c.req.valid('query');
    const offset = cursor ? decodeCursor(cursor, isOffset) : 0;
    const checks = await listChecks(deps.db, filter, { offset, limit: limit + 1 }, c.get('scope'));
    const items = checks.slice(0, limit).map((check) => presentCheck(check, deps.inbox, deps.alerting.defaults()));
    return c.json({ items, nextCursor: checks.length > limit ? encodeCursor(offset + limit) : null }, 200);
  });
}
