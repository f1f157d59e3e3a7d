import { createRoute } from '@hono/zod-openapi';
import { errorResponses } from '../../api/api.errors.js';
import { idParams, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { presentMessage } from '../messages.present.js';
import { messageSchema } from '../messages.schemas.js';
import { messageDetail, reparseMessage } from '../messages.usecases.js';

const route = createRoute({
  method: 'post',
  path: '/messages/{id}/reparse',
  tags: ['messages'],
  summary: "Evaluate a stored message again against today's checks",
  description: 'Parses the original bytes again, then updates, adds or removes its activities and recomputes the status of every check concerned.',
  request: { params: idParams },
  responses: { 200: jsonContent(messageSchema, 'The message after reparsing'), ...errorResponses },
});

export function registerReparseMessage(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    await reparseMessage(deps, id);
    return c.json(presentMessage(await messageDetail(deps.db, id, c.get('scope'))), 200);
  });
}
