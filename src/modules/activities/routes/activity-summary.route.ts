import { createRoute, z } from '@hono/zod-openapi';
import { IANAZone } from 'luxon';
import { errorResponses } from '../../api/api.errors.js';
import { jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { activitySummary } from '../activities.summary.js';

const counts = z.object({ success: z.number().int(), warning: z.number().int(), failure: z.number().int(), overdue: z.number().int() });

const route = createRoute({
  method: 'get',
  path: '/activity-summary',
  tags: ['activities'],
  summary: 'Activities per check per day, by status (the Recent Activity bars)',
  description: "A user limited to some groups gets only their checks' counts.",
  request: {
    query: z.object({
      days: z.coerce.number().int().min(1).max(90).default(10),
      timezone: z
        .string()
        .refine((tz) => IANAZone.isValidZone(tz), 'not an IANA time zone')
        .optional()
        .openapi({ description: 'Whose calendar makes the days (the browser\'s); default the organization\'s.' }),
      checkId: z.coerce.number().int().positive().optional(),
    }),
  },
  responses: {
    200: jsonContent(
      z
        .object({
          timezone: z.string(),
          days: z.array(z.string()).openapi({ description: 'YYYY-MM-DD, oldest first, today last.' }),
          checks: z.record(z.string(), z.array(counts)).openapi({ description: 'By check id: one entry per day of `days`. Checks without activities in the period are left out.' }),
        })
        .openapi('ActivitySummary'),
      'Counts per check per day',
    ),
    ...errorResponses,
  },
});

export function registerActivitySummary(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    const { days, timezone, checkId } = c.req.valid('query');
    return c.json(await activitySummary(deps.db, deps.clock.now(), days, timezone ?? deps.timezone, c.get('scope'), checkId ? [checkId] : undefined), 200);
  });
}
