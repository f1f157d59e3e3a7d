import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses } from '../api/api.errors.js';
import { jsonContent } from '../api/api.params.js';
import type { Api, ApiDeps } from '../api/api.types.js';

export interface AboutInfo {
  version: string;
  startedAt: string;
  database: { kind: 'sqlite' | 'postgres'; file?: string; url?: string };
  smtp: { running: boolean; address: string };
  scheduler: { running: boolean };
  deliveries: { running: boolean };
  inbox: string;
}

const running = z.object({ running: z.boolean() });

const route = createRoute({
  method: 'get',
  path: '/about',
  tags: ['service'],
  summary: 'Version, start time, database, and which parts are running',
  responses: {
    200: jsonContent(
      z
        .object({
          version: z.string(),
          startedAt: z.string(),
          database: z.object({ kind: z.enum(['sqlite', 'postgres']), file: z.string().optional().describe('SQLite: the database file'), url: z.string().optional().describe('PostgreSQL: the URL, without its password') }),
          smtp: running.extend({ address: z.string() }),
          scheduler: running,
          deliveries: running,
          inbox: z.string(),
        })
        .openapi('About'),
      'The service',
    ),
    ...errorResponses,
  },
});

export function registerAbout(api: Api, deps: ApiDeps) {
  api.openapi(route, (c) => c.json(deps.about(), 200));
}
