import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses } from '../../api/api.errors.js';
import { idParams } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { rawMessage } from '../messages.usecases.js';

const route = createRoute({
  method: 'get',
  path: '/messages/{id}/raw',
  tags: ['messages'],
  summary: 'Download the original bytes of a message',
  request: { params: idParams },
  responses: {
    200: { content: { 'message/rfc822': { schema: z.string().openapi({ format: 'binary' }) } }, description: 'The message exactly as received' },
    ...errorResponses,
  },
});

export function registerRawMessage(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const raw = await rawMessage(deps.db, id, c.get('scope'));
    return c.body(new Uint8Array(raw), 200, {
      'Content-Type': 'message/rfc822',
      'Content-Disposition': `attachment; filename="message-${id}.eml"`,
      'X-Content-Type-Options': 'nosniff',
    });
  });
}
