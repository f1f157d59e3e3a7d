import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, errorSchema } from '../../api/api.errors.js';
import { idParams, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { lookup, lookupKinds } from '../channels.lookups.js';
import { lookupKindsSchema, lookupPageSchema, lookupQuerySchema } from '../channels.schemas.js';

const vendorFailed = { 502: { content: { 'application/json': { schema: errorSchema } }, description: 'The vendor refused or did not answer (`vendor_refused`, `vendor_unavailable`); the message says what it said' } };

const kindsRoute = createRoute({
  method: 'get',
  path: '/channels/{id}/lookups',
  tags: ['channels'],
  summary: "The lists a ticketing channel's vendor offers",
  description: 'Companies, boards, queues, statuses, priorities…: which settings and ticket fields each fills. Administrators only. Empty for a type without lists.',
  request: { params: idParams },
  responses: { 200: jsonContent(lookupKindsSchema, 'The lists'), ...errorResponses },
});

const pageRoute = createRoute({
  method: 'get',
  path: '/channels/{id}/lookups/{kind}',
  tags: ['channels'],
  summary: "One page of a vendor's list, asked of the vendor now",
  description: "Ids and names, as the vendor has them for this channel's tenant: searchable, and paged as the vendor pages (pass `nextPage` back as `page`). Administrators only.",
  request: {
    params: idParams.extend({ kind: z.string().regex(/^[a-z][a-z-]{0,39}$/).openapi({ param: { name: 'kind', in: 'path' }, example: 'boards' }) }),
    query: lookupQuerySchema,
  },
  responses: { 200: jsonContent(lookupPageSchema, 'One page'), ...errorResponses, ...vendorFailed },
});

export function registerLookups(api: Api, deps: ApiDeps) {
  api.openapi(kindsRoute, async (c) => c.json({ lookups: await lookupKinds(deps.channels, c.req.valid('param').id, c.get('scope')) }, 200));
  api.openapi(pageRoute, async (c) => {
    const { id, kind } = c.req.valid('param');
    const q = c.req.valid('query');
    return c.json(await lookup(deps.channels, id, kind, { search: q.search ?? null, page: q.page ?? null, parent: q.parent ?? null }, c.get('scope')), 200);
  });
}
