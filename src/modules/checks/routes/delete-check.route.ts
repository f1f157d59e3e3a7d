import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses } from '../../api/api.errors.js';
import { idParams } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { deleteCheck } from '../checks.usecases.js';

const route = createRoute({
  method: 'delete',
  path: '/checks/{id}',
  tags: ['checks'],
  summary: 'Delete a check and its activities',
  description:
    'Messages are kept; those no other check claimed become unmatched again. A check Comet discovery made leaves a tombstone so that its protected item is not discovered again (GET /comet/tombstones), unless `rediscover=true`.',
  request: {
    params: idParams,
    query: z.object({ rediscover: z.enum(['true', 'false']).default('false').openapi({ description: 'For a discovered check: let the next report of its item make a new check.' }) }),
  },
  responses: { 204: { description: 'Deleted' }, ...errorResponses },
});

export function registerDeleteCheck(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    await deleteCheck(deps, c.req.valid('param').id, { rediscover: c.req.valid('query').rediscover === 'true' });
    return c.body(null, 204);
  });
}
