import { createRoute } from '@hono/zod-openapi';
import { conflictResponse, errorResponses } from '../../api/api.errors.js';
import { jsonBody, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { accountOf } from '../../sessions/sessions.http.js';
import { confirmTotp } from '../accounts.mfa.js';
import { codeSchema, recoveryCodesSchema } from '../accounts.schemas.js';

const route = createRoute({
  method: 'post',
  path: '/account/totp/confirm',
  tags: ['account'],
  summary: 'Turn TOTP on with a code from the app',
  description: 'A wrong code is 400 `totp.invalid_code`. Answers a new set of recovery codes (replacing any earlier set), shown only now.',
  request: { body: jsonBody(codeSchema) },
  responses: { 200: jsonContent(recoveryCodesSchema, 'TOTP is on'), ...errorResponses, ...conflictResponse },
});

export function registerConfirmTotp(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => c.json(await confirmTotp(deps.accounts, accountOf(c).user, c.req.valid('json').code), 200));
}
