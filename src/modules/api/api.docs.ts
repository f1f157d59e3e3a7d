import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Hono } from 'hono';

// The package's folder, without loading its index (which evaluates the whole Swagger UI bundle: some 40 MB of memory).
const swaggerDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>backwatch API</title>
<link rel="stylesheet" href="docs/swagger-ui.css"></head>
<body><div id="ui"></div><script src="docs/swagger-ui-bundle.js"></script><script src="docs/init.js"></script></body></html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: 'openapi.json', dom_id: '#ui', persistAuthorization: false });`;

const ASSETS: Record<string, string> = { 'swagger-ui.css': 'text/css', 'swagger-ui-bundle.js': 'text/javascript' };

/**
 * A readable page for the OpenAPI document, served from the swagger-ui-dist package
 * so it works on hosts without internet access.
 */
export function registerDocs(app: Hono<any>) {
  app.get('/docs', (c) => c.html(PAGE));
  app.get('/docs/init.js', (c) => c.body(INIT, 200, { 'Content-Type': 'text/javascript' }));
  for (const [file, type] of Object.entries(ASSETS)) {
    let body: Uint8Array | null = null;
    app.get(`/docs/${file}`, (c) => {
      body ??= new Uint8Array(fs.readFileSync(path.join(swaggerDir, file)));
      return c.body(body.slice(), 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=86400' });
    });
  }
}
