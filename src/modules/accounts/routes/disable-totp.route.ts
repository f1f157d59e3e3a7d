import { createRoute } from '@hono/zod-openapi';
import { errorResponses, throttledResponse } from '../../api/api.errors.js';
import { jsonBody } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { accountOf, clientIp } from '../../sessions/sessions.http.js';
import { disableTotp } from '../accounts.mfa.js';
import { confirmPasswordSchema } from '../accounts.schemas.js';

const route = createRoute({
  method: 'delete',
  path: '/account/totp',
  tags: ['account'],
  summary: 'Turn TOTP off',
  description: 'Needs the password (wrong: 403 `password.wrong`). Without a security key left, the recovery codes go too.',
  request: { body: jsonBody(confirmPasswordSchema) },
  responses: { 204: { description: 'TOTP is off' }, ...errorResponses, ...throttledResponse },
});

export function registerDisableTotp(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    await disableTotp(deps.accounts, accountOf(c).user, c.req.valid('json').password, clientIp(c));
    return c.body(null, 204);
  });
}
