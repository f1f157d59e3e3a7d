import { createRoute } from '@hono/zod-openapi';
import { conflictResponse, errorResponses } from '../../api/api.errors.js';
import { jsonBody, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { accountOf, relyingPartyOf } from '../../sessions/sessions.http.js';
import { addCredentialSchema, addedCredentialSchema } from '../accounts.schemas.js';
import { registerCredential } from '../accounts.webauthn.js';

const route = createRoute({
  method: 'post',
  path: '/account/webauthn',
  tags: ['account'],
  summary: 'Add a security key',
  description:
    'The browser\'s answer to the options of POST /account/webauthn/options, and a name for the key. One that does not verify is 400 `webauthn.invalid`; a key already registered is 409 `webauthn.exists`.',
  request: { body: jsonBody(addCredentialSchema) },
  responses: { 201: jsonContent(addedCredentialSchema, 'The key, and recovery codes if it is the first second factor'), ...errorResponses, ...conflictResponse },
});

export function registerAddWebauthn(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    const { user, session } = accountOf(c);
    return c.json(await registerCredential(deps.accounts, user, session.id, relyingPartyOf(c, deps.accounts.publicUrl), c.req.valid('json')), 201);
  });
}
