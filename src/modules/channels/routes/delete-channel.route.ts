import { createRoute } from '@hono/zod-openapi';
import { errorResponses } from '../../api/api.errors.js';
import { idParams } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { deleteChannel } from '../channels.usecases.js';

const route = createRoute({
  method: 'delete',
  path: '/channels/{id}',
  tags: ['channels'],
  summary: 'Delete a notification channel',
  description: 'Checks and groups stop using it; its deliveries, pending or past, go with it.',
  request: { params: idParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses },
});

export function registerDeleteChannel(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    await deleteChannel(deps.channels, c.req.valid('param').id);
    return c.body(null, 204);
  });
}
