import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses } from '../../api/api.errors.js';
import { jsonBody, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { organizationSettingsSchema } from '../console-settings.js';

const answer = organizationSettingsSchema.extend({ inbox: z.string().openapi({ description: 'The organization address (BACKWATCH_INBOX), for information.' }) }).openapi('Settings');

const get = createRoute({
  method: 'get',
  path: '/settings',
  tags: ['settings'],
  summary: 'Organization settings',
  responses: { 200: jsonContent(answer, 'The settings'), ...errorResponses },
});

const patch = createRoute({
  method: 'patch',
  path: '/settings',
  tags: ['settings'],
  summary: 'Change organization settings',
  request: { body: jsonBody(organizationSettingsSchema.partial().openapi('SettingsPatch')) },
  responses: { 200: jsonContent(answer, 'The settings now'), ...errorResponses },
});

export function registerOrganizationSettings(api: Api, deps: ApiDeps) {
  api.openapi(get, (c) => c.json({ ...deps.organization.get(), inbox: `${deps.inbox.local}@${deps.inbox.domain}` }, 200));
  api.openapi(patch, async (c) => {
    const settings = await deps.organization.update(c.req.valid('json'));
    deps.checksChanged();
    return c.json({ ...settings, inbox: `${deps.inbox.local}@${deps.inbox.domain}` }, 200);
  });
}
