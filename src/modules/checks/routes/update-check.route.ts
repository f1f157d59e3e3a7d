import { createRoute } from '@hono/zod-openapi';
import { conflictResponse, errorResponses } from '../../api/api.errors.js';
import { idParams, jsonBody, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { presentCheck } from '../checks.present.js';
import { checkSchema, updateCheckSchema } from '../checks.schemas.js';
import { updateCheck } from '../checks.usecases.js';

const route = createRoute({
  method: 'patch',
  path: '/checks/{id}',
  tags: ['checks'],
  summary: 'Change a check',
  description:
    'Fields left out stay as they are. Inside `matching` and `status`, the keys given replace the current ones (a `rules` list is replaced whole); `status.success: null` removes that group. Past activities keep their status until their messages are reparsed.',
  request: { params: idParams, body: jsonBody(updateCheckSchema) },
  responses: { 200: jsonContent(checkSchema, 'The changed check'), ...errorResponses, ...conflictResponse },
});

export function registerUpdateCheck(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    const check = await updateCheck(deps, c.req.valid('param').id, c.req.valid('json'));
    return c.json(presentCheck(check, deps.inbox, deps.alerting.defaults()), 200);
  });
}
