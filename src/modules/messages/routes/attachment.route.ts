import { createRoute, z } from '@hono/zod-openapi';
import { notFound } from '../../../shared/errors.js';
import { errorResponses } from '../../api/api.errors.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { attachmentContent } from '../messages.parse.js';
import { rawMessage } from '../messages.usecases.js';

const route = createRoute({
  method: 'get',
  path: '/messages/{id}/attachments/{position}',
  tags: ['messages'],
  summary: "Download one of a message's attachments",
  description: 'Always as a download of type application/octet-stream: a report\'s attachment is never shown inside the console\'s origin.',
  request: {
    params: z.object({
      id: z.coerce.number().int().positive().openapi({ param: { name: 'id', in: 'path' } }),
      position: z.coerce.number().int().min(0).openapi({ param: { name: 'position', in: 'path' }, description: 'The attachment\'s place in the message\'s `attachments`, from 0.' }),
    }),
  },
  responses: { 200: { content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } }, description: 'The attachment' }, ...errorResponses },
});

/** A file name safe in a Content-Disposition header (the original, percent-encoded, in filename*). */
function disposition(filename: string | null, position: number): string {
  const name = filename || `attachment-${position}`;
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function registerAttachment(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    const { id, position } = c.req.valid('param');
    const found = await attachmentContent(await rawMessage(deps.db, id, c.get('scope')), position);
    if (!found) throw notFound('attachment', `${id}/${position}`);
    return c.body(new Uint8Array(found.content), 200, {
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': disposition(found.filename, position),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': 'sandbox',
    });
  });
}
