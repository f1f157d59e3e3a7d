import { createRoute, z } from '@hono/zod-openapi';
import { conflictResponse, errorResponses } from '../api/api.errors.js';
import { idParams, jsonBody, jsonContent } from '../api/api.params.js';
import type { Api, ApiDeps } from '../api/api.types.js';
import { ticketFieldsSchema } from '../checks/checks.schemas.js';
import { anomalyOverridesSchema, rpoDaysSchema } from '../jobs/jobs.settings.js';
import { deleteGroup, getGroup, listGroups, updateGroup } from './groups.usecases.js';

const groupSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    checkCount: z.number().int(),
    createdAt: z.string(),
    ticketFields: ticketFieldsSchema,
    notifications: z.object({ channelIds: z.array(z.number().int()).openapi({ description: 'Channels every check in the group uses, besides its own.' }) }),
    anomalies: anomalyOverridesSchema.openapi({ description: "Anomaly settings for the group's checks' jobs, over the organization's (a check's own win)." }),
    rpoDays: rpoDaysSchema.openapi({ description: "The group's RPO in days (null: the organization's); a check's own wins." }),
  })
  .openapi('Group');

const list = createRoute({
  method: 'get',
  path: '/groups',
  tags: ['groups'],
  summary: 'List check groups (created when a check first names them)',
  description: 'A user limited to some groups sees only those.',
  responses: { 200: jsonContent(z.object({ items: z.array(groupSchema) }), 'Every group, by name'), ...errorResponses },
});

const get = createRoute({
  method: 'get',
  path: '/groups/{id}',
  tags: ['groups'],
  summary: 'Get a check group',
  request: { params: idParams },
  responses: { 200: jsonContent(groupSchema, 'The group'), ...errorResponses },
});

const update = createRoute({
  method: 'patch',
  path: '/groups/{id}',
  tags: ['groups'],
  summary: 'Rename a group, or set the ticket fields and channels its checks inherit',
  request: {
    params: idParams,
    body: jsonBody(
      z.object({
        name: z.string().trim().min(1).max(100).optional(),
        ticketFields: ticketFieldsSchema.optional().openapi({ description: 'Replaces the whole set; its checks inherit each field they do not set.' }),
        notifications: z.object({ channelIds: z.array(z.number().int().positive()).max(50) }).optional(),
        anomalies: anomalyOverridesSchema.optional().openapi({ description: "Replaces the group's anomaly settings." }),
        rpoDays: rpoDaysSchema.optional(),
      }),
    ),
  },
  responses: { 200: jsonContent(groupSchema, 'The group'), ...errorResponses, ...conflictResponse },
});

const remove = createRoute({
  method: 'delete',
  path: '/groups/{id}',
  tags: ['groups'],
  summary: 'Delete a check group',
  description: "Its checks stay, without a group (and without the group's channels). Users limited to it lose it from their `groupIds`; a list left empty stays empty.",
  request: { params: idParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses },
});

export function registerGroupRoutes(api: Api, deps: ApiDeps) {
  api.openapi(list, async (c) => c.json({ items: await listGroups(deps.db, c.get('scope')) }, 200));
  api.openapi(get, async (c) => c.json(await getGroup(deps.db, c.req.valid('param').id, c.get('scope')), 200));
  api.openapi(update, async (c) => {
    const group = await updateGroup(deps.db, c.req.valid('param').id, c.req.valid('json'));
    deps.checksChanged();
    return c.json(group, 200);
  });
  api.openapi(remove, async (c) => {
    await deleteGroup(deps.db, c.req.valid('param').id);
    deps.checksChanged();
    return c.body(null, 204);
  });
}
