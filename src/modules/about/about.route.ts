import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses } from '../api/api.errors.js';
import { jsonContent } from '../api/api.params.js';
import type { Api, ApiDeps } from '../api/api.types.js';

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
          node: z.string().describe("This node's name"),
          nodes: z
            .array(
              z.object({
                name: z.string(),
                version: z.string(),
                startedAt: z.string(),
                heartbeatAt: z.string().describe('Its last heartbeat (every 10 s; a node silent for 30 s is left out)'),
                runs: z.object({ engine: z.string(), smtp: z.string(), http: z.string() }),
              }),
            )
            .describe('The nodes alive on this database, with what each runs'),
        })
        .openapi('About'),
      'The service',
    ),
    ...errorResponses,
  },
});

export function registerAbout(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => c.json(await deps.about(), 200));
}
