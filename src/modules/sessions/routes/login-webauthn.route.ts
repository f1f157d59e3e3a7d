import { createRoute, z } from '@hono/zod-openapi';
import { conflictResponse, errorResponses, throttledResponse } from '../../api/api.errors.js';
import { jsonBody, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { webauthnResponseSchema } from '../../accounts/accounts.schemas.js';
import { currentSession, relyingPartyOf, requestMeta, setSessionCookie } from '../sessions.http.js';
import { loginAnswerSchema } from '../sessions.schemas.js';
import { loginWithWebauthn } from '../sessions.usecases.js';

const route = createRoute({
  method: 'post',
  path: '/session/webauthn',
  tags: ['session'],
  summary: 'Finish logging in with a security key',
  description: 'The browser\'s answer to the options of POST /session/webauthn/options. One that does not verify is 400 `webauthn.invalid` and counts as a failed login.',
  security: [],
  request: { body: jsonBody(z.object({ response: webauthnResponseSchema }).openapi('WebAuthnLogin')) },
  responses: { 200: jsonContent(loginAnswerSchema, 'Logged in'), ...errorResponses, ...conflictResponse, ...throttledResponse },
});

export function registerLoginWebauthn(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    const rp = relyingPartyOf(c, deps.accounts.publicUrl);
    const { token, answer } = await loginWithWebauthn(deps.accounts, currentSession(c), rp, c.req.valid('json').response, requestMeta(c));
    setSessionCookie(c, token, deps.accounts.publicUrl);
    return c.json(answer, 200);
  });
}
