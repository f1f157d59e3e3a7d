import { createRoute } from '@hono/zod-openapi';
import { errorResponses } from '../../api/api.errors.js';
import { idParams, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { sendOutcomeSchema } from '../channels.schemas.js';
import { testChannel } from '../channels.usecases.js';

const route = createRoute({
  method: 'post',
  path: '/channels/{id}/test',
  tags: ['channels'],
  summary: 'Send a test message now and say how it went',
  description: 'Sent directly, not through the outbox, and not retried; the answer is 200 whether or not the service took it (see `ok`).',
  request: { params: idParams },
  responses: { 200: jsonContent(sendOutcomeSchema, 'The outcome'), ...errorResponses },
});

export function registerTestChannel(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => c.json(await testChannel(deps.channels, c.req.valid('param').id), 200));
}
