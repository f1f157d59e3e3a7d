import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses } from '../../api/api.errors.js';
import { idParams, jsonBody, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { presentCheck } from '../checks.present.js';
import { checkSchema } from '../checks.schemas.js';
import { mergeChecks } from '../checks.usecases.js';

const route = createRoute({
  method: 'post',
  path: '/checks/{id}/merge',
  tags: ['checks'],
  summary: 'Merge other checks into this one',
  description:
    "Their activities (and Comet jobs) move to this check, and they are deleted. A Comet protected item a merged check stood for is routed here: its next reports come to this check. This check's own settings and rules stay as they are.",
  request: { params: idParams, body: jsonBody(z.object({ checkIds: z.array(z.number().int().positive()).min(1).max(100) }).openapi('MergeChecks')) },
  responses: { 200: jsonContent(checkSchema, 'The check, with the merged history'), ...errorResponses },
});

export function registerMergeChecks(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    const check = await mergeChecks(deps, c.req.valid('param').id, c.req.valid('json').checkIds);
    return c.json(presentCheck(check, deps.inbox, deps.alerting.defaults()), 200);
  });
}
