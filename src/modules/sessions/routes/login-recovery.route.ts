import { createRoute } from '@hono/zod-openapi';
import { conflictResponse, errorResponses, throttledResponse } from '../../api/api.errors.js';
import { jsonBody, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { codeSchema } from '../../accounts/accounts.schemas.js';
import { currentSession, requestMeta, setSessionCookie } from '../sessions.http.js';
import { loginAnswerSchema } from '../sessions.schemas.js';
import { loginWithRecoveryCode } from '../sessions.usecases.js';

const route = createRoute({
  method: 'post',
  path: '/session/recovery',
  tags: ['session'],
  summary: 'Finish logging in with a recovery code',
  description: 'Instead of the second factor; each code works once (case, spaces and dashes do not matter). A wrong or used code is 401 `mfa.invalid_code`.',
  security: [],
  request: { body: jsonBody(codeSchema) },
  responses: { 200: jsonContent(loginAnswerSchema, 'Logged in'), ...errorResponses, ...conflictResponse, ...throttledResponse },
});

export function registerLoginRecovery(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    const { token, answer } = await loginWithRecoveryCode(deps.accounts, currentSession(c), c.req.valid('json').code, requestMeta(c));
    setSessionCookie(c, token, deps.accounts.publicUrl);
    return c.json(answer, 200);
  });
}
