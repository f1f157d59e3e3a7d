import { createRoute } from '@hono/zod-openapi';
import { errorResponses } from '../../api/api.errors.js';
import { idParams } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { revokeApiKeyById } from '../apikeys.usecases.js';

const route = createRoute({
  method: 'delete',
  path: '/apikeys/{id}',
  tags: ['apikeys'],
  summary: 'Revoke an API key (administrators only)',
  description: 'Refused at once from then on; the key stays listed with `revokedAt`. 404 when there is no active key with that id.',
  request: { params: idParams },
  responses: { 204: { description: 'Revoked' }, ...errorResponses },
});

export function registerRevokeApiKey(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    await revokeApiKeyById(deps, c.req.valid('param').id);
    return c.body(null, 204);
  });
}
