import { createRoute } from '@hono/zod-openapi';
import { errorResponses } from '../../api/api.errors.js';
import { idParams } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { deleteCheck } from '../checks.usecases.js';

const route = createRoute({
  method: 'delete',
  path: '/checks/{id}',
  tags: ['checks'],
  summary: 'Delete a check and its activities',
  description: 'Messages are kept; those no other check claimed become unmatched again.',
  request: { params: idParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses },
});

export function registerDeleteCheck(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    await deleteCheck(deps, c.req.valid('param').id);
    return c.body(null, 204);
  });
}
