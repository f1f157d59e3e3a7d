import { createRoute } from '@hono/zod-openapi';
import { conflictResponse, errorResponses } from '../../api/api.errors.js';
import { jsonBody, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { accountOf } from '../../sessions/sessions.http.js';
import { updateNotifications } from '../personal.account.js';
import { notificationsSchema } from '../personal.schemas.js';
import { settingsPatchSchema } from '../personal.settings.js';

const route = createRoute({
  method: 'patch',
  path: '/account/notifications',
  tags: ['account'],
  summary: 'Change your personal notification settings',
  description:
    'What is given changes. A medium turns on only with its target (400 naming the field otherwise). A new SMS number gets a code and is used once confirmed (409 `sms.not_set_up` when the organization has no SMS provider).',
  request: { body: jsonBody(settingsPatchSchema) },
  responses: { 200: jsonContent(notificationsSchema, 'The settings'), ...errorResponses, ...conflictResponse },
});

export function registerUpdateNotifications(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => c.json(await updateNotifications(deps.personal, accountOf(c).user, c.req.valid('json')), 200));
}
