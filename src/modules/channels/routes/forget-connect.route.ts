import { createRoute } from '@hono/zod-openapi';
import { conflictResponse, errorResponses } from '../../api/api.errors.js';
import { idParams } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { forgetConnect } from '../channels.connect.js';

const route = createRoute({
  method: 'delete',
  path: '/channels/{id}/connect',
  tags: ['channels'],
  summary: "Forget the channel's account",
  description: 'Its tokens are deleted; deliveries fail as not connected until someone connects again. 409 for a channel type that does not sign in.',
  request: { params: idParams },
  responses: { 204: { description: 'Forgotten' }, ...errorResponses, ...conflictResponse },
});

export function registerForgetConnect(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    await forgetConnect(deps.channels, c.req.valid('param').id);
    return c.body(null, 204);
  });
}
