import { createRoute } from '@hono/zod-openapi';
import { errorResponses } from '../../api/api.errors.js';
import { jsonBody, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { createApiKeySchema, createdApiKeySchema } from '../apikeys.schemas.js';
import { createApiKeyView } from '../apikeys.usecases.js';

const route = createRoute({
  method: 'post',
  path: '/apikeys',
  tags: ['apikeys'],
  summary: 'Create an API key (administrators only)',
  description: 'The answer holds the key, shown this once; keys act as administrators.',
  request: { body: jsonBody(createApiKeySchema) },
  responses: { 201: jsonContent(createdApiKeySchema, 'The new key'), ...errorResponses },
});

export function registerCreateApiKey(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => c.json(await createApiKeyView(deps, c.req.valid('json').name), 201));
}
