import { createRoute } from '@hono/zod-openapi';
import { errorResponses } from '../../api/api.errors.js';
import { jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { currentSession } from '../sessions.http.js';
import { sessionSchema } from '../sessions.schemas.js';
import { describeSession } from '../sessions.usecases.js';

const route = createRoute({
  method: 'get',
  path: '/session',
  tags: ['session'],
  summary: 'The console\'s state: setup needed, logged in, or awaiting a second factor',
  description: 'Open to anyone. With a valid session cookie, also its CSRF token.',
  security: [],
  responses: { 200: jsonContent(sessionSchema, 'The session, if any'), ...errorResponses },
});

export function registerGetSession(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => c.json(await describeSession(deps.accounts, currentSession(c)), 200));
}
