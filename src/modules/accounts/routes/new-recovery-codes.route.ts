import { createRoute } from '@hono/zod-openapi';
import { conflictResponse, errorResponses, throttledResponse } from '../../api/api.errors.js';
import { jsonBody, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { accountOf, clientIp } from '../../sessions/sessions.http.js';
import { regenerateRecoveryCodes } from '../accounts.mfa.js';
import { confirmPasswordSchema, recoveryCodesSchema } from '../accounts.schemas.js';

const route = createRoute({
  method: 'post',
  path: '/account/recovery-codes',
  tags: ['account'],
  summary: 'A new set of recovery codes',
  description: 'Needs the password (wrong: 403 `password.wrong`) and a second factor (else 409 `mfa.not_enabled`). The earlier codes stop working.',
  request: { body: jsonBody(confirmPasswordSchema) },
  responses: { 200: jsonContent(recoveryCodesSchema, 'The new codes, shown only now'), ...errorResponses, ...conflictResponse, ...throttledResponse },
});

export function registerNewRecoveryCodes(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => c.json(await regenerateRecoveryCodes(deps.accounts, accountOf(c).user, c.req.valid('json').password, clientIp(c)), 200));
}
