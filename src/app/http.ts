import fs from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { Logger } from '../shared/logger.js';
import { projectRoot } from '../shared/version.js';
import type { Api } from '../modules/api/api.types.js';

/** The whole HTTP surface: the API under /api/v1 and the console at /. */
export function createHttpApp(api: Api, logger: Logger) {
  const app = new Hono();
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    logger.info({ method: c.req.method, path: c.req.path, status: c.res.status, ms: +(performance.now() - started).toFixed(2) }, 'http request');
  });
  app.use('*', secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'], styleSrc: ["'self'", "'unsafe-inline'"] } }));
  app.route('/api/v1', api);
  const home = fs.readFileSync(path.join(projectRoot(), 'web', 'index.html'), 'utf8');
  app.get('/', (c) => c.html(home));
  return app;
}
