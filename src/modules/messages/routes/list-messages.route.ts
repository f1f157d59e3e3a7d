import { createRoute, z } from '@hono/zod-openapi';
import { decodeCursor, encodeCursor, isTimeKey } from '../../../shared/pagination.js';
import { errorResponses } from '../../api/api.errors.js';
import { instant, jsonContent, pageQuery } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { presentMessageSummary } from '../messages.present.js';
import { listMessages } from '../messages.repository.js';
import { messageSummarySchema } from '../messages.schemas.js';

const query = z.object({
  matched: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .openapi({ description: '`false` lists the unmatched messages: those no check claimed.' }),
  q: z.string().max(200).optional().openapi({ description: 'Text in the subject or sender.' }),
  from: instant.optional(),
  to: instant.optional(),
  ...pageQuery,
});

const route = createRoute({
  method: 'get',
  path: '/messages',
  tags: ['messages'],
  summary: 'List received messages, newest first',
  description: 'A user limited to some groups sees only the messages that gave their checks an activity (no unmatched ones).',
  request: { query },
  responses: {
    200: jsonContent(z.object({ items: z.array(messageSummarySchema), nextCursor: z.string().nullable() }), 'A page of messages'),
    ...errorResponses,
  },
});

export function registerListMessages(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    const { limit, cursor, ...filter } = c.req.valid('query');
    const rows = await listMessages(deps.db, filter, limit + 1, cursor ? decodeCursor(cursor, isTimeKey) : undefined, c.get('scope'));
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return c.json({ items: items.map(presentMessageSummary), nextCursor: rows.length > limit && last ? encodeCursor([last.received_at, last.id]) : null }, 200);
  });
}
