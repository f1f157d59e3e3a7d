import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { errorBody } from '../../../api/api.errors.js';
import type { Api, ApiDeps } from '../../../api/api.types.js';
import { ingestCometEvent } from '../comet.ingest.js';
import type { CometParts } from '../comet.parts.js';
import { webhookSecretMatches } from '../comet.webhook-secret.js';

const MAX_EVENT_BYTES = 1024 * 1024;

const outcome = z
  .object({
    accepted: z.boolean(),
    jobId: z.number().int().nullable().openapi({ description: 'The job (GET /jobs/{id}); the same job as an email report of it.' }),
    duplicate: z.boolean().openapi({ description: 'Comet sent this event before: nothing new was recorded.' }),
    ignored: z.string().nullable().openapi({ description: 'Why an event that is not a completed job was ignored.' }),
    activities: z.array(z.object({ id: z.number().int(), checkId: z.number().int(), status: z.string() })),
  })
  .openapi('CometEventOutcome');

const route = createRoute({
  method: 'post',
  path: '/ingest/comet',
  tags: ['comet'],
  summary: "Comet Server's webhook events",
  description:
    'Point a Comet Server webhook here (Settings › Webhooks in Comet). The job-completed event (type 4201) becomes a job, with the same checks, statuses and discovery as an email report; a job told by both is one job. Other events are acknowledged and ignored. Authenticated by the secret from POST /settings/comet/webhook-secret, given as `?secret=`, `X-Backwatch-Secret` or `Authorization: Bearer`.',
  security: [],
  request: {
    query: z.object({ secret: z.string().max(200).optional() }),
    body: { content: { 'application/json': { schema: z.any().openapi({ description: 'A Comet StreamableEvent: {OwnerOrganizationID, Type, Data, …}.' }) } }, required: true },
  },
  responses: {
    200: { content: { 'application/json': { schema: outcome } }, description: 'Recorded (or ignored)' },
    400: { description: 'Not a Comet event; the message says what is wrong' },
    401: { description: 'No secret, or not the current one' },
    413: { description: 'Over 1 MiB' },
  },
});

const bearer = (header: string | undefined) => /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];

export function registerIngestCometEvent(api: Api, deps: ApiDeps, comet: CometParts) {
  api.use(
    '/ingest/comet',
    bodyLimit({ maxSize: MAX_EVENT_BYTES, onError: (c) => c.json(errorBody('payload_too_large', 'a Comet event is at most 1 MiB'), 413) }),
    async (c, next) => {
      const given = c.req.query('secret') ?? c.req.header('x-backwatch-secret') ?? bearer(c.req.header('authorization'));
      if (!(await webhookSecretMatches(deps.db, given))) return c.json(errorBody('unauthorized', 'send the webhook secret (Settings › Comet) as ?secret=, X-Backwatch-Secret or a Bearer token'), 401);
      await next();
    },
  );
  api.openapi(route, async (c) => {
    // Turned off, Comet's reports are read by no one: its events are acknowledged (so Comet does not retry them) and dropped.
    if (!comet.host.settings().enabled) return c.json({ accepted: false, jobId: null, duplicate: false, ignored: 'the Comet report format is turned off (Settings › Report formats)', activities: [] }, 200);
    const result = await ingestCometEvent(
      {
        commits: deps.commits,
        catalog: deps.catalog,
        alerting: deps.alerting,
        jobs: () => comet.host.jobs.get(),
        format: () => comet.host.settings(),
        comet: comet.settings,
        cometSources: comet.sources,
        checksChanged: deps.checksChangedByIngest,
      },
      c.req.valid('json'),
      deps.clock.now(),
    );
    if (result.kind === 'invalid') return c.json({ error: { code: 'comet.invalid_event', message: result.problems.join('; '), issues: result.problems.map((p) => ({ path: 'body', message: p })) } }, 400);
    if (result.kind === 'ignored') return c.json({ accepted: false, jobId: null, duplicate: false, ignored: result.reason, activities: [] }, 200);
    for (const a of result.activities) deps.live.publish({ type: 'activity', checkId: a.checkId, activityId: a.id, status: a.status, at: deps.clock.now().toISOString() });
    return c.json({ accepted: true, jobId: result.jobId, duplicate: result.duplicate, ignored: null, activities: result.activities }, 200);
  });
}
