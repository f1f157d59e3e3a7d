import { createRoute } from '@hono/zod-openapi';
import { errorResponses } from '../../api/api.errors.js';
import { idParams } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { accountOf } from '../../sessions/sessions.http.js';
import { removeCredential } from '../accounts.webauthn.js';

const route = createRoute({
  method: 'delete',
  path: '/account/webauthn/{id}',
  tags: ['account'],
  summary: 'Remove a security key',
  description: 'Without TOTP or another key left, the recovery codes go too.',
  request: { params: idParams },
  responses: { 204: { description: 'Removed' }, ...errorResponses },
});

export function registerDeleteWebauthn(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    await removeCredential(deps.accounts, accountOf(c).user, c.req.valid('param').id);
    return c.body(null, 204);
  });
}
