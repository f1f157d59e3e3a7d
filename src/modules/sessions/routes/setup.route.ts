import { createRoute } from '@hono/zod-openapi';
import { conflictResponse, errorResponses } from '../../api/api.errors.js';
import { jsonBody, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { requestMeta, setSessionCookie } from '../sessions.http.js';
import { loginAnswerSchema, setupSchema } from '../sessions.schemas.js';
import { setup } from '../sessions.usecases.js';

const route = createRoute({
  method: 'post',
  path: '/setup',
  tags: ['session'],
  summary: 'Create the first administrator and log in',
  description: 'Only while no user exists (first start); 409 `setup.done` afterwards. Sets the session cookie.',
  security: [],
  request: { body: jsonBody(setupSchema) },
  responses: { 201: jsonContent(loginAnswerSchema, 'The administrator, logged in'), ...errorResponses, ...conflictResponse },
});

export function registerSetup(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    const { token, answer } = await setup(deps.accounts, c.req.valid('json'), requestMeta(c));
    setSessionCookie(c, token, deps.accounts.publicUrl);
    return c.json(answer, 201);
  });
}
