import { createRoute } from '@hono/zod-openapi';
import { conflictResponse, errorResponses } from '../../api/api.errors.js';
import { jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { accountOf, relyingPartyOf } from '../../sessions/sessions.http.js';
import { webauthnOptionsSchema } from '../accounts.schemas.js';
import { registrationOptions } from '../accounts.webauthn.js';

const route = createRoute({
  method: 'post',
  path: '/account/webauthn/options',
  tags: ['account'],
  summary: 'Options for navigator.credentials.create() to add a security key',
  description: 'The challenge is kept with the session for 5 minutes. 409 `webauthn.unavailable` when the console is neither on HTTPS nor on localhost (browsers refuse WebAuthn there).',
  responses: { 200: jsonContent(webauthnOptionsSchema, 'PublicKeyCredentialCreationOptionsJSON'), ...errorResponses, ...conflictResponse },
});

export function registerWebauthnOptions(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    const { user, session } = accountOf(c);
    return c.json(await registrationOptions(deps.accounts, user, session.id, relyingPartyOf(c, deps.accounts.publicUrl)), 200);
  });
}
