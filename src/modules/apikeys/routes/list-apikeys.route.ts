import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses } from '../../api/api.errors.js';
import { jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { apiKeySchema } from '../apikeys.schemas.js';
import { listApiKeyViews } from '../apikeys.usecases.js';

const route = createRoute({
  method: 'get',
  path: '/apikeys',
  tags: ['apikeys'],
  summary: 'List API keys (administrators only)',
  description: 'Revoked keys too, with when; never the keys themselves.',
  responses: { 200: jsonContent(z.object({ items: z.array(apiKeySchema) }), 'Every key, oldest first'), ...errorResponses },
});

export function registerListApiKeys(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => c.json({ items: await listApiKeyViews(deps.db) }, 200));
}
