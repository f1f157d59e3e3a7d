import { createRoute } from '@hono/zod-openapi';
import { errorResponses } from '../../api/api.errors.js';
import { jsonBody, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { accountOf } from '../../sessions/sessions.http.js';
import { confirmPhone } from '../personal.account.js';
import { confirmPhoneSchema, notificationsSchema } from '../personal.schemas.js';

const route = createRoute({
  method: 'post',
  path: '/account/notifications/sms/confirm',
  tags: ['account'],
  summary: 'Confirm your phone number with the code sent to it',
  description: 'The code works for 10 minutes and 5 tries. Confirmed, the number receives SMS notifications.',
  request: { body: jsonBody(confirmPhoneSchema) },
  responses: { 200: jsonContent(notificationsSchema, 'The settings'), ...errorResponses },
});

export function registerConfirmPhone(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => c.json(await confirmPhone(deps.personal, accountOf(c).user, c.req.valid('json').code), 200));
}
