import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses } from '../../api/api.errors.js';
import { jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { accountOf } from '../../sessions/sessions.http.js';
import { credentialSchema } from '../accounts.schemas.js';
import { listCredentials } from '../accounts.webauthn.js';

const route = createRoute({
  method: 'get',
  path: '/account/webauthn',
  tags: ['account'],
  summary: 'One\'s security keys',
  responses: { 200: jsonContent(z.object({ items: z.array(credentialSchema) }), 'In the order they were added'), ...errorResponses },
});

export function registerListWebauthn(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => c.json({ items: await listCredentials(deps.accounts, accountOf(c).user) }, 200));
}
