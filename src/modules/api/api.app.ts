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
import { registerOrganizationSettings } from '../settings/routes/organization-settings.route.js';
import { requireApiKey } from './api.auth.js';
import { registerDocs } from './api.docs.js';
import { errorBody, handleError, validationError } from './api.errors.js';
import type { Api, ApiDeps } from './api.types.js';

const PUBLIC_PATHS = new Set(['/health', '/openapi.json', '/docs']);

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
  api.use('*', async (c, next) => {
    const sub = c.req.path.replace(/^\/api\/v1/, '');
    if (PUBLIC_PATHS.has(sub) || sub.startsWith('/docs/')) return next();
    return requireApiKey(deps)(c, next);
  });
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

  api.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key from `npx backwatch apikey create --name NAME`.',
  });
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'backwatch API',
      version: deps.version,
      description: 'Backup-report monitoring. Every route but health and these docs needs `Authorization: Bearer <key>`. Errors are `{"error": {"code", "message"}}`.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ apiKey: [] }],
  });
  return api;
}
