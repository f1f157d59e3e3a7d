import { createRoute } from '@hono/zod-openapi';
import { errorResponses, throttledResponse } from '../../api/api.errors.js';
import { jsonBody, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { logout, login } from '../sessions.usecases.js';
import { currentSession, requestMeta, setSessionCookie } from '../sessions.http.js';
import { loginAnswerSchema, loginSchema } from '../sessions.schemas.js';

const route = createRoute({
  method: 'post',
  path: '/session',
  tags: ['session'],
  summary: 'Log in with username and password',
  description:
    'Sets the session cookie `bw_session`. A user with a second factor gets `mfaRequired: true` and a session that can only finish logging in (POST /session/totp, /session/recovery, /session/webauthn). A wrong username or password is 401 `session.invalid_credentials`; after 5 failures for one username from one address within 15 minutes (or 30 from one address), 429 with `Retry-After`.',
  security: [],
  request: { body: jsonBody(loginSchema) },
  responses: { 200: jsonContent(loginAnswerSchema, 'Logged in, or awaiting the second factor'), ...errorResponses, ...throttledResponse },
});

export function registerLogin(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    const { token, answer } = await login(deps.accounts, c.req.valid('json'), requestMeta(c), deps.organization.get().sessionTimeoutMinutes);
    await logout(deps.accounts, currentSession(c));
    setSessionCookie(c, token, deps.accounts.publicUrl);
    return c.json(answer, 200);
  });
}
