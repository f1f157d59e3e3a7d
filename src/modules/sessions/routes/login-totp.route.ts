import { createRoute } from '@hono/zod-openapi';
import { conflictResponse, errorResponses, throttledResponse } from '../../api/api.errors.js';
import { jsonBody, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { codeSchema } from '../../accounts/accounts.schemas.js';
import { currentSession, requestMeta, setSessionCookie } from '../sessions.http.js';
import { loginAnswerSchema } from '../sessions.schemas.js';
import { loginWithTotp } from '../sessions.usecases.js';

const route = createRoute({
  method: 'post',
  path: '/session/totp',
  tags: ['session'],
  summary: 'Finish logging in with a code from the authenticator app',
  description:
    'With the session `POST /session` started. A code is accepted within 30 s either side and only once; a wrong one is 401 `mfa.invalid_code` and counts as a failed login. Success replaces the session (new cookie, new `csrfToken`).',
  security: [],
  request: { body: jsonBody(codeSchema) },
  responses: { 200: jsonContent(loginAnswerSchema, 'Logged in'), ...errorResponses, ...conflictResponse, ...throttledResponse },
});

export function registerLoginTotp(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    const { token, answer } = await loginWithTotp(deps.accounts, currentSession(c), c.req.valid('json').code, requestMeta(c));
    setSessionCookie(c, token, deps.accounts.publicUrl);
    return c.json(answer, 200);
  });
}
