import { createRoute, z } from '@hono/zod-openapi';
import { notFound } from '../../../shared/errors.js';
import { decodeCursor, encodeCursor } from '../../../shared/pagination.js';
import { errorResponses } from '../../api/api.errors.js';
import { idParams, instant, jsonContent, pageQuery } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { COMET_JOB_TYPES, COMET_STATUSES } from '../comet.models.js';
import { checksOfJobs, listJobs, presentJob, trendOfCheck } from '../comet.jobs.query.js';
import { findJob, findJobLog } from '../comet.repository.js';

const nullableNumber = z.number().nullable();
const jobSchema = z
  .object({
    id: z.number().int(),
    source: z.enum(['email', 'webhook', 'email+webhook']).openapi({ description: 'What told of the job: its email report, a webhook event, or both (one job).' }),
    messageId: z.number().int().nullable(),
    checkIds: z.array(z.number().int()).openapi({ description: 'The checks the job gave an activity.' }),
    username: z.string().nullable(),
    type: z.enum(COMET_JOB_TYPES).nullable(),
    status: z.enum(COMET_STATUSES).nullable(),
    cometStatus: z.enum(COMET_STATUSES).nullable().openapi({ description: 'The same as `status`: Comet\'s own status of the job.' }),
    statusText: z.string().nullable(),
    startedAt: z.string().nullable(),
    stoppedAt: z.string().nullable(),
    durationSeconds: nullableNumber,
    protectedItem: z.string().nullable(),
    vault: z.string().nullable(),
    device: z.string().nullable(),
    clientVersion: z.string().nullable(),
    directories: nullableNumber,
    files: nullableNumber,
    totalSize: nullableNumber.openapi({ description: 'Bytes.' }),
    uploaded: nullableNumber.openapi({ description: 'Bytes.' }),
    downloaded: nullableNumber.openapi({ description: 'Bytes.' }),
    problems: z.array(z.string()).openapi({ description: 'What could not be read from the report.' }),
    namesKnown: z.boolean().openapi({ description: 'False while device and protected item hold webhook identifiers, their names not yet told by an email.' }),
    ids: z.object({ jobGuid: z.string().nullable(), deviceId: z.string().nullable(), sourceGuid: z.string().nullable(), vaultGuid: z.string().nullable(), tenant: z.string().nullable() }),
    log: z.array(z.object({ at: z.string().nullable(), text: z.string() })).optional().openapi({ description: 'The job log (GET /jobs/{id} only).' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Job');

const query = z.object({
  username: z.string().max(300).optional(),
  device: z.string().max(300).optional(),
  protectedItem: z.string().max(300).optional(),
  vault: z.string().max(300).optional(),
  status: z.enum(COMET_STATUSES).optional().openapi({ description: "Comet's status of the job." }),
  type: z.enum(COMET_JOB_TYPES).optional(),
  checkId: z.coerce.number().int().positive().optional(),
  from: instant.optional().openapi({ description: 'Started at or after this instant.' }),
  to: instant.optional().openapi({ description: 'Started before this instant.' }),
  q: z.string().max(200).optional().openapi({ description: 'Text in the username, device, protected item or vault.' }),
  ...pageQuery,
});

const list = createRoute({
  method: 'get',
  path: '/jobs',
  tags: ['comet'],
  summary: 'Comet jobs, newest first',
  description: 'Every Comet job read from an email report or a webhook event (one job when both told of it). Names and statuses match exactly.',
  request: { query },
  responses: { 200: jsonContent(z.object({ items: z.array(jobSchema), nextCursor: z.string().nullable() }), 'A page of jobs'), ...errorResponses },
});

const get = createRoute({
  method: 'get',
  path: '/jobs/{id}',
  tags: ['comet'],
  summary: 'One Comet job, with its log',
  request: { params: idParams },
  responses: { 200: jsonContent(jobSchema, 'The job'), ...errorResponses },
});

const trends = createRoute({
  method: 'get',
  path: '/checks/{id}/trends',
  tags: ['comet'],
  summary: "A check's Comet backup jobs as trend series (oldest first)",
  request: { params: idParams, query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(60) }) },
  responses: {
    200: jsonContent(
      z.object({
        items: z.array(
          z.object({
            jobId: z.number().int(),
            startedAt: z.string().nullable(),
            receivedAt: z.string(),
            cometStatus: z.string().nullable(),
            status: z.string(),
            totalSize: nullableNumber,
            files: nullableNumber,
            uploaded: nullableNumber,
            durationSeconds: nullableNumber,
          }),
        ),
      }),
      'Total size, files, uploaded bytes and duration per job',
    ),
    ...errorResponses,
  },
});

const isId = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;

export function registerJobRoutes(api: Api, deps: ApiDeps) {
  api.openapi(list, async (c) => {
    const { limit, cursor, ...filter } = c.req.valid('query');
    const { rows, checks } = await listJobs(deps.db, filter, limit + 1, cursor ? decodeCursor(cursor, isId) : undefined);
    const items = rows.slice(0, limit);
    return c.json({ items: items.map((r) => presentJob(r, checks.get(r.id) ?? [])), nextCursor: rows.length > limit ? encodeCursor(items.at(-1)!.id) : null }, 200);
  });
  api.openapi(get, async (c) => {
    const id = c.req.valid('param').id;
    const row = await findJob(deps.db, id);
    if (!row) throw notFound('job', id);
    return c.json(presentJob(row, (await checksOfJobs(deps.db, [id])).get(id) ?? [], await findJobLog(deps.db, id)), 200);
  });
  api.openapi(trends, async (c) => c.json({ items: await trendOfCheck(deps.db, c.req.valid('param').id, c.req.valid('query').limit) }, 200));
}
