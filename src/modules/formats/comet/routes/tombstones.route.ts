import { createRoute, z } from '@hono/zod-openapi';
import { notFound } from '../../../../shared/errors.js';
import { errorResponses } from '../../../api/api.errors.js';
import { idParams, jsonContent } from '../../../api/api.params.js';
import type { Api, ApiDeps } from '../../../api/api.types.js';
import { deleteTombstone, listTombstones } from '../../../jobs/jobs.repository.js';

const tombstone = z
  .object({ id: z.number().int(), username: z.string(), device: z.string(), protectedItem: z.string(), createdAt: z.string() })
  .openapi('CometTombstone', { description: 'A protected item whose discovered check was deleted: its reports stay unmatched.' });

const list = createRoute({
  method: 'get',
  path: '/comet/tombstones',
  tags: ['comet'],
  summary: 'Protected items not to discover again (their checks were deleted)',
  responses: { 200: jsonContent(z.object({ items: z.array(tombstone) }), 'Tombstones, newest first'), ...errorResponses },
});

const remove = createRoute({
  method: 'delete',
  path: '/comet/tombstones/{id}',
  tags: ['comet'],
  summary: 'Let the item be discovered again by its next report',
  request: { params: idParams },
  responses: { 204: { description: 'Removed' }, ...errorResponses },
});

export function registerTombstones(api: Api, deps: ApiDeps, _comet: unknown) {
  api.openapi(list, async (c) =>
    c.json({ items: (await listTombstones(deps.db, c.get('scope'), 'comet')).map((r) => ({ id: r.id, username: r.tenant, device: r.device, protectedItem: r.item, createdAt: r.created_at })) }, 200),
  );
  api.openapi(remove, async (c) => {
    const id = c.req.valid('param').id;
    if (!(await deleteTombstone(deps.db, id, 'comet'))) throw notFound('tombstone', id);
    return c.body(null, 204);
  });
}
