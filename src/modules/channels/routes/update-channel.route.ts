import { createRoute } from '@hono/zod-openapi';
import { errorResponses } from '../../api/api.errors.js';
import { idParams, jsonBody, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { channelSchema, updateChannelSchema } from '../channels.schemas.js';
import { updateChannel } from '../channels.usecases.js';

const route = createRoute({
  method: 'patch',
  path: '/channels/{id}',
  tags: ['channels'],
  summary: 'Change a notification channel',
  request: { params: idParams, body: jsonBody(updateChannelSchema) },
  responses: { 200: jsonContent(channelSchema, 'The channel, secrets masked'), ...errorResponses },
});

export function registerUpdateChannel(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => c.json(await updateChannel(deps.channels, c.req.valid('param').id, c.req.valid('json')), 200));
}
