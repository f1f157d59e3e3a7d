import { createRoute, z } from '@hono/zod-openapi';
import { decodeCursor, encodeCursor } from '../../shared/pagination.js';
import { errorResponses } from '../api/api.errors.js';
import { jsonContent, pageQuery } from '../api/api.params.js';
import type { Api, ApiDeps } from '../api/api.types.js';
import { listTickets } from './tickets.repository.js';

const ticketSchema = z
  .object({
    id: z.number().int(),
    checkId: z.number().int(),
    channelId: z.number().int(),
    externalId: z.string().openapi({ description: "The ticket's id in the ticketing system." }),
    url: z.string().nullable(),
    state: z.enum(['open', 'closed']),
    closedBy: z.enum(['backwatch', 'vendor', 'left-open']).nullable().openapi({ description: 'backwatch closed it on recovery; vendor: a person closed it there; left-open: the incident ended but the integration leaves tickets open.' }),
    notes: z.number().int().openapi({ description: 'Notes backwatch added while the incident lasted.' }),
    openedAt: z.string(),
    updatedAt: z.string(),
    closedAt: z.string().nullable(),
  })
  .openapi('Ticket');

const route = createRoute({
  method: 'get',
  path: '/tickets',
  tags: ['tickets'],
  summary: 'Tickets backwatch opened in ticketing systems, newest first',
  request: {
    query: z.object({
      checkId: z.coerce.number().int().positive().optional(),
      channelId: z.coerce.number().int().positive().optional(),
      state: z.enum(['open', 'closed']).optional(),
      ...pageQuery,
    }),
  },
  responses: { 200: jsonContent(z.object({ items: z.array(ticketSchema), nextCursor: z.string().nullable() }), 'A page of tickets'), ...errorResponses },
});

const isId = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;

export function registerTicketRoutes(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    const { limit, cursor, ...filter } = c.req.valid('query');
    const rows = await listTickets(deps.db, filter, limit + 1, cursor ? decodeCursor(cursor, isId) : undefined, c.get('scope'));
    const items = rows.slice(0, limit).map((t) => ({
      id: t.id,
      checkId: t.check_id,
      channelId: t.channel_id,
      externalId: t.external_id,
      url: t.url,
      state: t.state,
      closedBy: t.closed_by,
      notes: t.notes,
      openedAt: t.opened_at,
      updatedAt: t.updated_at,
      closedAt: t.closed_at,
    }));
    return c.json({ items, nextCursor: rows.length > limit ? encodeCursor(items.at(-1)!.id) : null }, 200);
  });
}
