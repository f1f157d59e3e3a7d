import { createRoute, z } from '@hono/zod-openapi';
import { notFound } from '../../shared/errors.js';
import { decodeCursor, encodeCursor } from '../../shared/pagination.js';
import { errorResponses } from '../api/api.errors.js';
import { idParams, instant, jsonBody, jsonContent, pageQuery } from '../api/api.params.js';
import type { Api, ApiDeps } from '../api/api.types.js';
import { JOB_STATUSES } from '../../shared/status.js';
import { FORMAT_IDS } from '../formats/formats.registry.js';
import { checksOfJobs, listJobs, presentJob, trendOfCheck } from './jobs.query.js';
import { findJob, findJobLog } from './jobs.repository.js';
import { getCheck } from '../checks/checks.usecases.js';
import { jobSettingsPatchSchema, jobSettingsSchema } from './jobs.settings.js';

const nullableNumber = z.number().nullable();
const nullableString = z.string().nullable();

const jobSchema = z
  .object({
    id: z.number().int(),
    source: z.enum(['email', 'webhook', 'email+webhook']).openapi({ description: 'What told of the job: its email report, a webhook event, or both (one job).' }),
    messageId: z.number().int().nullable(),
    checkIds: z.array(z.number().int()).openapi({ description: 'The checks the job gave an activity.' }),
    format: z.string().openapi({ description: 'The report format that read it (GET /formats).' }),
    product: nullableString,
    tenant: nullableString.openapi({ description: 'The customer, account or organization above the device.' }),
    device: nullableString,
    item: nullableString.openapi({ description: 'The job, task, guest or protected item.' }),
    type: nullableString,
    jobStatus: z.enum(JOB_STATUSES).nullable().openapi({ description: "The product's status in our words, as read when the report came." }),
    status: nullableString.openapi({ description: "The product's own status word (Comet: Success, Quota Exceeded…)." }),
    statusText: nullableString,
    startedAt: nullableString,
    stoppedAt: nullableString,
    durationSeconds: nullableNumber,
    sizeBytes: nullableNumber.openapi({ description: 'The data the job protected.' }),
    transferredBytes: nullableNumber.openapi({ description: 'The data it wrote or sent.' }),
    files: nullableNumber,
    objects: nullableNumber.openapi({ description: 'VMs, guests, mailboxes or other objects.' }),
    errorCount: nullableNumber,
    warningCount: nullableNumber,
    version: nullableString,
    keyLines: z.array(z.string()).openapi({ description: 'The error and warning lines worth reading first.' }),
    parts: z
      .array(z.object({ name: z.string(), status: z.enum(JOB_STATUSES).nullable(), statusText: nullableString, sizeBytes: nullableNumber, durationSeconds: nullableNumber, detail: nullableString }))
      .openapi({ description: 'The objects the report lists one by one (a Veeam VM…).' }),
    fields: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).openapi({ description: "The format's own fields (`comet.vault`, `duplicati.addedFiles`…)." }),
    problems: z.array(z.string()).openapi({ description: 'What could not be read from the report.' }),
    username: nullableString.openapi({ description: 'Comet\'s name for `tenant`.' }),
    protectedItem: nullableString.openapi({ description: 'Comet\'s name for `item`.' }),
    vault: nullableString,
    clientVersion: nullableString.openapi({ description: 'Comet\'s name for `version`.' }),
    directories: nullableNumber,
    totalSize: nullableNumber.openapi({ description: 'Comet\'s name for `sizeBytes`.' }),
    uploaded: nullableNumber.openapi({ description: 'Comet\'s name for `transferredBytes`.' }),
    downloaded: nullableNumber,
    cometStatus: nullableString.openapi({ description: "Comet's own status of a Comet job (the same as `status`)." }),
    namesKnown: z.boolean().openapi({ description: 'False while device and protected item hold Comet webhook identifiers, their names not yet told by an email.' }),
    ids: z.object({ jobGuid: nullableString, deviceId: nullableString, sourceGuid: nullableString, vaultGuid: nullableString, tenant: nullableString }),
    log: z.array(z.object({ at: z.string().nullable(), text: z.string() })).optional().openapi({ description: 'The job log (GET /jobs/{id} only).' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Job');

const text = z.string().max(300).optional();
const query = z.object({
  format: z.enum(FORMAT_IDS).optional(),
  tenant: text,
  device: text,
  item: text,
  username: text.openapi({ description: 'Comet\'s name for `tenant`.' }),
  protectedItem: text.openapi({ description: 'Comet\'s name for `item`.' }),
  vault: text,
  status: text.openapi({ description: "The product's own status word (Comet: Success, Error…)." }),
  jobStatus: z.enum(JOB_STATUSES).optional(),
  type: text,
  checkId: z.coerce.number().int().positive().optional(),
  messageId: z.coerce.number().int().positive().optional().openapi({ description: 'The jobs one report told of.' }),
  from: instant.optional().openapi({ description: 'Started at or after this instant.' }),
  to: instant.optional().openapi({ description: 'Started before this instant.' }),
  q: z.string().max(200).optional().openapi({ description: 'Text in the tenant, device, item or vault.' }),
  ...pageQuery,
});

const list = createRoute({
  method: 'get',
  path: '/jobs',
  tags: ['jobs'],
  summary: 'Jobs, newest first',
  description:
    "Every job a report format read from an email report (or a Comet webhook event; one job when both told of it). Names and statuses match exactly. A user limited to some groups sees only the jobs that gave their checks an activity, and only those checks in `checkIds`.",
  request: { query },
  responses: { 200: jsonContent(z.object({ items: z.array(jobSchema), nextCursor: z.string().nullable() }), 'A page of jobs'), ...errorResponses },
});

const get = createRoute({
  method: 'get',
  path: '/jobs/{id}',
  tags: ['jobs'],
  summary: 'One job, with its log',
  request: { params: idParams },
  responses: { 200: jsonContent(jobSchema, 'The job'), ...errorResponses },
});

const trends = createRoute({
  method: 'get',
  path: '/checks/{id}/trends',
  tags: ['jobs'],
  summary: "A check's backup jobs as trend series (oldest first)",
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
            jobStatus: z.string().nullable(),
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

const getSettings = createRoute({
  method: 'get',
  path: '/settings/jobs',
  tags: ['jobs'],
  summary: "How every format's jobs are judged: schedule inference, anomaly rules, the RPO",
  responses: { 200: jsonContent(jobSettingsSchema, 'The settings'), ...errorResponses },
});

const patchSettings = createRoute({
  method: 'patch',
  path: '/settings/jobs',
  tags: ['jobs'],
  summary: 'Change the job settings (each part replaces only the keys it names)',
  request: { body: jsonBody(jobSettingsPatchSchema) },
  responses: { 200: jsonContent(jobSettingsSchema, 'The settings now'), ...errorResponses },
});

const isId = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;

export function registerJobRoutes(api: Api, deps: ApiDeps) {
  api.openapi(list, async (c) => {
    const { limit, cursor, ...filter } = c.req.valid('query');
    const { rows, checks } = await listJobs(deps.db, filter, limit + 1, cursor ? decodeCursor(cursor, isId) : undefined, c.get('scope'));
    const items = rows.slice(0, limit);
    return c.json({ items: items.map((r) => presentJob(r, checks.get(r.id) ?? [])), nextCursor: rows.length > limit ? encodeCursor(items.at(-1)!.id) : null }, 200);
  });
  api.openapi(get, async (c) => {
    const id = c.req.valid('param').id;
    const scope = c.get('scope');
    const row = await findJob(deps.db, id, scope);
    if (!row) throw notFound('job', id);
    return c.json(presentJob(row, (await checksOfJobs(deps.db, [id], scope)).get(id) ?? [], await findJobLog(deps.db, id)), 200);
  });
  api.openapi(getSettings, (c) => c.json(deps.jobSettings.get(), 200));
  api.openapi(patchSettings, async (c) => {
    const settings = await deps.jobSettings.update(c.req.valid('json'));
    // Ingestion reads these with each check's compiled rules.
    deps.checksChanged();
    return c.json(settings, 200);
  });
  api.openapi(trends, async (c) => {
    const id = c.req.valid('param').id;
    const scope = c.get('scope');
    if (scope !== null) await getCheck(deps.db, id, scope);
    return c.json({ items: await trendOfCheck(deps.db, id, c.req.valid('query').limit) }, 200);
  });
}
