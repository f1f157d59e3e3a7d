import { createRoute } from '@hono/zod-openapi';
import { errorResponses } from '../../api/api.errors.js';
import { jsonBody, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { channelSchema, createChannelSchema } from '../channels.schemas.js';
import { createChannel } from '../channels.usecases.js';

const route = createRoute({
  method: 'post',
  path: '/channels',
  tags: ['channels'],
  summary: 'Create a notification channel',
  request: { body: jsonBody(createChannelSchema) },
  responses: { 201: jsonContent(channelSchema, 'The new channel, secrets masked'), ...errorResponses },
});

export function registerCreateChannel(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => c.json(await createChannel(deps.channels, c.req.valid('json')), 201));
}
