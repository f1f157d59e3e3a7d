import { createRoute } from '@hono/zod-openapi';
import { errorResponses } from '../../api/api.errors.js';
import { idParams, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { presentMessage } from '../messages.present.js';
import { messageSchema } from '../messages.schemas.js';
import { messageDetail } from '../messages.usecases.js';

const route = createRoute({
  method: 'get',
  path: '/messages/{id}',
  tags: ['messages'],
  summary: 'Get a message: headers, bodies, attachments and the checks it belongs to',
  description: "404 for a message outside the caller's groups; a limited user sees the activities of their checks only.",
  request: { params: idParams },
  responses: { 200: jsonContent(messageSchema, 'The message'), ...errorResponses },
});

export function registerGetMessage(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => c.json(presentMessage(await messageDetail(deps.db, c.req.valid('param').id, c.get('scope'))), 200));
}
