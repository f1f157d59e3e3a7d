import { createRoute } from '@hono/zod-openapi';
import { conflictResponse, errorResponses } from '../../api/api.errors.js';
import { jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { accountOf } from '../../sessions/sessions.http.js';
import { startTotp } from '../accounts.mfa.js';
import { totpEnrolmentSchema } from '../accounts.schemas.js';

const route = createRoute({
  method: 'post',
  path: '/account/totp',
  tags: ['account'],
  summary: 'Start TOTP enrolment: a secret and its QR code',
  description: 'TOTP stays off until POST /account/totp/confirm receives a code from the app. Starting again replaces the secret. 409 `totp.enabled` when it is already on.',
  responses: { 200: jsonContent(totpEnrolmentSchema, 'The secret to scan'), ...errorResponses, ...conflictResponse },
});

export function registerStartTotp(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => c.json(await startTotp(deps.accounts, accountOf(c).user), 200));
}
