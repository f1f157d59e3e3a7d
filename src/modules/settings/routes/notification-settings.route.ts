import { createRoute } from '@hono/zod-openapi';
import { notificationOptionsSchema, notificationOverridesSchema } from '../../alerts/alerts.options.js';
import { errorResponses } from '../../api/api.errors.js';
import { jsonBody, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';

const get = createRoute({
  method: 'get',
  path: '/settings/notifications',
  tags: ['settings'],
  summary: "The organization's notification defaults",
  responses: { 200: jsonContent(notificationOptionsSchema, 'The defaults every check follows unless it says otherwise'), ...errorResponses },
});

const patch = createRoute({
  method: 'patch',
  path: '/settings/notifications',
  tags: ['settings'],
  summary: "Change the organization's notification defaults",
  description: 'Keys given replace the current defaults; null restores the built-in one.',
  request: { body: jsonBody(notificationOverridesSchema.openapi('NotificationDefaultsPatch')) },
  responses: { 200: jsonContent(notificationOptionsSchema, 'The defaults now'), ...errorResponses },
});

export function registerNotificationSettings(api: Api, deps: ApiDeps) {
  api.openapi(get, (c) => c.json(deps.notificationDefaults.get(), 200));
  api.openapi(patch, async (c) => c.json(await deps.notificationDefaults.update(c.req.valid('json')), 200));
}
