import { createRoute } from '@hono/zod-openapi';
import { errorResponses } from '../../api/api.errors.js';
import { idParams, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { presentCheck } from '../checks.present.js';
import { checkSchema } from '../checks.schemas.js';
import { getCheck } from '../checks.usecases.js';

const route = createRoute({
  method: 'get',
  path: '/checks/{id}',
  tags: ['checks'],
  summary: 'Get a check',
  description: "404 for a check outside the caller's groups.",
  request: { params: idParams },
  responses: { 200: jsonContent(checkSchema, 'The check'), ...errorResponses },
});

export function registerGetCheck(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => c.json(presentCheck(await getCheck(deps.db, c.req.valid('param').id, c.get('scope')), deps.inbox, deps.alerting.defaults()), 200));
}
