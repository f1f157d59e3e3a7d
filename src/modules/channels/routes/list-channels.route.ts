import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses } from '../../api/api.errors.js';
import { jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { channelSchema } from '../channels.schemas.js';
import { listChannels } from '../channels.usecases.js';

const route = createRoute({
  method: 'get',
  path: '/channels',
  tags: ['channels'],
  summary: 'List notification channels',
  description: "A user limited to some groups sees only the channels of their checks and groups.",
  responses: { 200: jsonContent(z.object({ items: z.array(channelSchema) }), 'Every channel, by name'), ...errorResponses },
});

export function registerListChannels(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => c.json({ items: await listChannels(deps.channels, c.get('scope')) }, 200));
}
