import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { registerActivityRoutes } from '../activities/activities.routes.js';
import { registerCheckRoutes } from '../checks/checks.routes.js';
import { registerHealth } from '../health/health.route.js';
import { registerMessageRoutes } from '../messages/messages.routes.js';
import { registerChannelRoutes } from '../channels/channels.routes.js';
import { registerDeliveryRoutes } from '../deliveries/deliveries.routes.js';
import { registerGroupRoutes } from '../groups/groups.routes.js';
import { registerNotificationSettings } from '../settings/routes/notification-settings.route.js';
import { registerTicketRoutes } from '../tickets/tickets.routes.js';
import { registerAbout } from '../about/about.route.js';
import { registerLiveEvents } from '../live/live.route.js';
import { registerFormatRoutes } from '../formats/formats.routes.js';
import { registerJobRoutes } from '../jobs/jobs.routes.js';
import { registerOrganizationSettings } from '../settings/routes/organization-settings.route.js';
import { registerAccountRoutes } from '../accounts/accounts.routes.js';
import { registerApiKeyRoutes } from '../apikeys/apikeys.routes.js';
import { registerSessionRoutes } from '../sessions/sessions.routes.js';
import { registerPersonalRoutes } from '../personal/personal.routes.js';
import { authenticate } from './api.auth.js';
import { registerDocs } from './api.docs.js';
import { errorBody, handleError, validationError } from './api.errors.js';
import type { Api, ApiDeps } from './api.types.js';

/** The REST API, mounted at /api/v1: every route validated by the schemas its OpenAPI document is made from. */
export function createApi(deps: ApiDeps): Api {
  const api: Api = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) return validationError(c, result.target, result.error);
    },
  });
  api.onError(handleError(deps.logger));
  api.notFound((c) => c.json(errorBody('not_found', `no route ${c.req.method} ${c.req.path}`), 404));

  registerDocs(api);
  api.use('*', authenticate(deps));
  api.use(
    '*',
    bodyLimit({
      maxSize: deps.maxMessageBytes * 2 + 64 * 1024,
      onError: (c) => c.json(errorBody('payload_too_large', 'the request body is too large'), 413),
    }),
  );

  registerHealth(api, deps);
  registerCheckRoutes(api, deps);
  registerActivityRoutes(api, deps);
  registerMessageRoutes(api, deps);
  registerChannelRoutes(api, deps);
  registerDeliveryRoutes(api, deps);
  registerGroupRoutes(api, deps);
  registerNotificationSettings(api, deps);
  registerTicketRoutes(api, deps);
  registerOrganizationSettings(api, deps);
  registerAbout(api, deps);
  registerLiveEvents(api, deps);
  registerSessionRoutes(api, deps);
  registerAccountRoutes(api, deps);
  registerPersonalRoutes(api, deps);
  registerApiKeyRoutes(api, deps);
  registerJobRoutes(api, deps);
  registerFormatRoutes(api, deps);
  deps.formats.routes(api, deps);

  api.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key from `npx backwatch apikey create --name NAME` or `POST /apikeys`; it acts as an administrator.',
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'bw_session',
    description:
      'The console\'s session cookie, set by `POST /session` (HttpOnly, SameSite=Strict). Every request but GET and HEAD must also send the session\'s `csrfToken` as `X-CSRF-Token`. It ends after the organization\'s `sessionTimeoutMinutes` without a request (401 `session.expired`).',
  });
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'backwatch API',
      version: deps.version,
      description:
        'Backup-report monitoring. Every route but health, these docs and the login steps needs `Authorization: Bearer <key>` or the console\'s session cookie (with `X-CSRF-Token` on changes). Viewers may read everything but users and API keys, and change only their own account; a user limited to some check groups (`groupIds`) sees only those groups\' checks and what belongs to them. Errors are `{"error": {"code", "message"}}`.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ apiKey: [] }, { session: [] }],
  });
  return api;
}
