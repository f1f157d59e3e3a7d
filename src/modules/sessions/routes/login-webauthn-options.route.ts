import { createRoute } from '@hono/zod-openapi';
import { conflictResponse, errorResponses } from '../../api/api.errors.js';
import { jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { webauthnOptionsSchema } from '../../accounts/accounts.schemas.js';
import { currentSession, relyingPartyOf } from '../sessions.http.js';
import { webauthnLoginOptions } from '../sessions.usecases.js';

const route = createRoute({
  method: 'post',
  path: '/session/webauthn/options',
  tags: ['session'],
  summary: 'Options for navigator.credentials.get() to log in with a security key',
  description: 'With the session `POST /session` started; the challenge is kept with it for 5 minutes. 409 `webauthn.unavailable` when the console is neither on HTTPS nor on localhost.',
  security: [],
  responses: { 200: jsonContent(webauthnOptionsSchema, 'PublicKeyCredentialRequestOptionsJSON'), ...errorResponses, ...conflictResponse },
});

export function registerLoginWebauthnOptions(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => c.json(await webauthnLoginOptions(deps.accounts, currentSession(c), relyingPartyOf(c, deps.accounts.publicUrl)), 200));
}
