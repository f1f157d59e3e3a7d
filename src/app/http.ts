import fs from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { Logger } from '../shared/logger.js';
import { projectRoot } from '../shared/version.js';
import type { Api } from '../modules/api/api.types.js';

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>backwatch</title>
<p>The web console is not built: run <code>npm run build</code> (npm install does it). The API is at <a href="/api/v1/docs">/api/v1/docs</a>.</p>`;

/**
 * The whole HTTP surface: the API under /api/v1 and the console (web/dist) at /.
 * The console's policy allows only its own scripts; images from elsewhere are
 * allowed to the page so a message's remote images can be shown when asked (the
 * message frame narrows that with its own policy).
 */
export function createHttpApp(api: Api, logger: Logger) {
  const app = new Hono();
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    logger.info({ method: c.req.method, path: c.req.path, status: c.res.status, ms: +(performance.now() - started).toFixed(2) }, 'http request');
  });
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
      referrerPolicy: 'no-referrer',
    }),
  );
  app.route('/api/v1', api);

  const dist = path.join(projectRoot(), 'web', 'dist');
  const index = path.join(dist, 'index.html');
  app.use('/assets/*', serveStatic({ root: path.relative(process.cwd(), dist) || '.', onFound: (_, c) => c.header('Cache-Control', 'public, max-age=31536000, immutable') }));
  // The service worker that shows push notifications: at the root, so that its scope is the whole console, and never cached long.
  app.get('/sw.js', (c) => {
    const file = path.join(dist, 'sw.js');
    if (!fs.existsSync(file)) return c.notFound();
    c.header('Cache-Control', 'no-cache');
    return c.body(fs.readFileSync(file, 'utf8'), 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
  });
  // Every other path is a console page: the single-page app routes it.
  app.get('*', (c) => (c.req.path.startsWith('/api/') ? c.notFound() : c.html(fs.existsSync(index) ? fs.readFileSync(index, 'utf8') : NOT_BUILT)));
  return app;
}
