import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { jsonContent } from '../api/api.params.js';
import type { Api, ApiDeps } from '../api/api.types.js';

const health = z.object({ status: z.enum(['ok', 'unavailable']), version: z.string(), database: z.enum(['ok', 'unavailable']) }).openapi('Health');

const route = createRoute({
  method: 'get',
  path: '/health',
  tags: ['service'],
  summary: 'Liveness and database reachability (no API key needed)',
  security: [],
  responses: { 200: jsonContent(health, 'Healthy'), 503: jsonContent(health, 'The database does not answer') },
});

export function registerHealth(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    const ok = await sql`select 1`.execute(deps.db).then(() => true, () => false);
    return ok
      ? c.json({ status: 'ok' as const, version: deps.version, database: 'ok' as const }, 200)
      : c.json({ status: 'unavailable' as const, version: deps.version, database: 'unavailable' as const }, 503);
  });
}
