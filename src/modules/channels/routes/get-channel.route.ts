import { createRoute } from '@hono/zod-openapi';
import { errorResponses } from '../../api/api.errors.js';
import { idParams, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { channelSchema } from '../channels.schemas.js';
import { getChannel } from '../channels.usecases.js';

const route = createRoute({
  method: 'get',
  path: '/channels/{id}',
  tags: ['channels'],
  summary: 'Get a notification channel',
  request: { params: idParams },
  responses: { 200: jsonContent(channelSchema, 'The channel, secrets masked'), ...errorResponses },
});

export function registerGetChannel(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => c.json(await getChannel(deps.channels, c.req.valid('param').id, c.get('scope')), 200));
}
