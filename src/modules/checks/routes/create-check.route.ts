import { createRoute } from '@hono/zod-openapi';
import { conflictResponse, errorResponses } from '../../api/api.errors.js';
import { jsonBody, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { presentCheck } from '../checks.present.js';
import { checkSchema, createCheckSchema } from '../checks.schemas.js';
import { createCheck } from '../checks.usecases.js';

const route = createRoute({
  method: 'post',
  path: '/checks',
  tags: ['checks'],
  summary: 'Create a check',
  description:
    'In the request, `status` holds the status rules; in the answer, `status` is the current status and the rules are under `statusRules`. Without an alias, one is made from the name.',
  request: { body: jsonBody(createCheckSchema) },
  responses: { 201: jsonContent(checkSchema, 'The new check'), ...errorResponses, ...conflictResponse },
});

export function registerCreateCheck(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    const check = await createCheck(deps, c.req.valid('json'));
    return c.json(presentCheck(check, deps.inbox, deps.alerting.defaults()), 201);
  });
}
