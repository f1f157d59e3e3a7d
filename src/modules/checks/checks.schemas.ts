import { z } from '@hono/zod-openapi';
import { RULE_FIELD_NAMES } from '../formats/formats.registry.js';
import { CRITERIA_MODES, RULE_OPERATORS } from '../rules/rules.models.js';
import { regexProblem } from '../rules/rules.regex.js';
import { scheduleSchema } from '../schedule/schedule.schemas.js';
import { notificationOptionsSchema, notificationOverridesSchema } from '../alerts/alerts.options.js';
import { anomalyOverridesSchema, rpoDaysSchema } from '../jobs/jobs.settings.js';
import { ALIAS_PATTERN, MAX_ALIAS_LENGTH } from './checks.models.js';
import { CHECK_STATUSES, REPORT_STATUSES } from '../../shared/status.js';

export const ruleSchema = z
  .object({
    field: z.enum(RULE_FIELD_NAMES).openapi({ description: 'A message field, a job field (`job.status`, `job.device`…) or a report format\'s own (`comet.username`…): GET /formats lists them.' }),
    operator: z.enum(RULE_OPERATORS),
    value: z.string().max(10_000),
    caseSensitive: z.boolean().default(false),
  })
  .superRefine((rule, ctx) => {
    if (rule.operator !== 'regex') return;
    const problem = regexProblem(rule.value);
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: `invalid regular expression: ${problem}` });
  })
  .openapi('Rule');

const rules = z.array(ruleSchema).max(50);
const mode = z.enum(CRITERIA_MODES);

export const criteriaSchema = z
  .object({
    mode: mode.default('all'),
    rules: rules.default([]),
    condenseWhitespace: z.boolean().default(true),
    combineAttachments: z.boolean().default(true),
  })
  .openapi('Criteria');

const matchingSchema = criteriaSchema.extend({ useAddress: z.boolean().default(true) }).openapi('Matching');

const fromComet = z
  .boolean()
  .openapi({
    description:
      "Take the status a report's job has in its product (any report format; named `comet` because Comet was the first) as a status rule, Comet's through the organization's Comet status mapping (GET /settings/comet); the worst of it and the rule sets wins.",
  });

const statusRulesSchema = z
  .object({
    default: z.enum(REPORT_STATUSES).default('failure'),
    comet: fromComet.default(false),
    success: criteriaSchema.nullable().default(null),
    warning: criteriaSchema.nullable().default(null),
    failure: criteriaSchema.nullable().default(null),
  })
  .openapi('StatusRules');

const alias = z
  .string()
  .transform((s) => s.toLowerCase())
  .pipe(
    z
      .string()
      .max(MAX_ALIAS_LENGTH)
      .regex(ALIAS_PATTERN, 'letters, digits, ".", "-" and "_" only, starting with a letter or digit, no ".." and no trailing "."'),
  );
const name = z.string().trim().min(1).max(200);
const group = z.string().trim().min(1).max(100).nullable();
const labels = z.array(z.string().trim().min(1).max(50)).max(20);
const description = z.string().max(5000);
const assetId = z.string().trim().max(200).nullable();

export const ticketFieldsSchema = z
  .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'a field name such as companyId'), z.string().max(500))
  .refine((f) => Object.keys(f).length <= 30, 'at most 30 fields')
  .openapi('TicketFields', { description: "Per-customer settings for ticketing systems (companyId, boardId, queueId, projectKey…: see the README per system). A check's fields override its group's." });

const channelIds = z.array(z.number().int().positive()).max(50).openapi({ description: 'Notification channels of this check (its group\'s channels apply too).' });

const notificationsInput = z
  .object({ channelIds: channelIds.optional(), ...notificationOverridesSchema.shape })
  .openapi('CheckNotificationsInput', { description: 'Channels, and options that override the organization defaults (null: follow the default).' });

export const createCheckSchema = z
  .object({
    name,
    group: group.optional(),
    labels: labels.default([]),
    description: description.default(''),
    assetId: assetId.optional(),
    alias: alias.optional(),
    paused: z.boolean().default(false),
    schedule: scheduleSchema.default({ type: 'unscheduled' }),
    matching: matchingSchema.default(matchingSchema.parse({})),
    status: statusRulesSchema.default(statusRulesSchema.parse({})),
    notifications: notificationsInput.default({}),
    ticketFields: ticketFieldsSchema.default({}),
    anomalies: anomalyOverridesSchema.default({}).openapi({ description: "The check's own anomaly settings for its jobs (null: that rule off; left out: as the group, then the organization)." }),
    rpoDays: rpoDaysSchema.default(null).openapi({ description: "The check's own RPO in days: a job that is no success warns when the last success is older (null: the group's, else the organization's)." }),
  })
  .openapi('CreateCheck');

/** A PATCH replaces the fields it names; inside `matching` and `status`, the keys it names. */
export const updateCheckSchema = z
  .object({
    name: name.optional(),
    group: group.optional(),
    labels: labels.optional(),
    description: description.optional(),
    assetId: assetId.optional(),
    alias: alias.optional(),
    paused: z.boolean().optional(),
    schedule: scheduleSchema.optional(),
    matching: z
      .object({
        useAddress: z.boolean().optional(),
        mode: mode.optional(),
        condenseWhitespace: z.boolean().optional(),
        combineAttachments: z.boolean().optional(),
        rules: rules.optional(),
      })
      .optional(),
    status: z
      .object({
        default: z.enum(REPORT_STATUSES).optional(),
        comet: fromComet.optional(),
        success: criteriaSchema.nullable().optional(),
        warning: criteriaSchema.nullable().optional(),
        failure: criteriaSchema.nullable().optional(),
      })
      .optional(),
    notifications: notificationsInput.optional(),
    ticketFields: ticketFieldsSchema.optional().openapi({ description: 'Replaces the whole set.' }),
    anomalies: anomalyOverridesSchema.optional().openapi({ description: 'Replaces the check\'s own anomaly settings.' }),
    rpoDays: rpoDaysSchema.optional(),
  })
  .openapi('UpdateCheck');

export type CreateCheckInput = z.infer<typeof createCheckSchema>;
export type UpdateCheckInput = z.infer<typeof updateCheckSchema>;

export const checkSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    group: z.string().nullable(),
    labels: z.array(z.string()),
    description: z.string(),
    assetId: z.string().nullable(),
    alias: z.string(),
    address: z.string().openapi({ example: 'reports+user01documents@backwatch.local' }),
    paused: z.boolean(),
    status: z.enum(CHECK_STATUSES).openapi({ description: 'The current status: the newest activity\'s, or `pending` before the first.' }),
    statusSince: z.string().nullable(),
    lastActivityAt: z.string().nullable(),
    nextDueAt: z.string().nullable().openapi({ description: 'When the next report is expected; null when the check waits for nothing (unscheduled, paused, or before its first report).' }),
    overdueAt: z.string().nullable().openapi({ description: 'When the check goes overdue if that report does not come (nextDueAt + overdueAfterMinutes).' }),
    overdueSince: z.string().nullable().openapi({ description: 'While overdue: the deadline it first missed.' }),
    ticketFields: ticketFieldsSchema,
    schedule: scheduleSchema,
    matching: matchingSchema,
    statusRules: statusRulesSchema.openapi({ description: 'The status rules given as `status` when the check was created or updated.' }),
    notifications: notificationOptionsSchema
      .extend({
        channelIds,
        groupChannelIds: z.array(z.number().int()).openapi({ description: "Channels from the check's group." }),
        inherited: z.array(z.string()).openapi({ description: 'Options that follow the organization defaults.' }),
      })
      .openapi('CheckNotifications', { description: 'The options in force (the check\'s own or the organization defaults).' }),
    origin: z.string().openapi({ description: '`manual`, or the report format whose discovery created the check (`comet`, `veeam`…).' }),
    job: z
      .object({
        format: z.string(),
        product: z.string().nullable(),
        tenant: z.string().nullable(),
        device: z.string().nullable(),
        item: z.string().nullable(),
        version: z.string().nullable(),
        newestVersion: z.string().nullable().openapi({ description: 'The newest version any job of this format reported.' }),
        outdated: z.boolean().openapi({ description: 'The device runs an older version than the newest seen.' }),
        lastJob: z.object({
          id: z.number().int(),
          type: z.string().nullable(),
          status: z.string().nullable().openapi({ description: 'success, warning, failure or unknown: the product\'s status in our words.' }),
          statusText: z.string().nullable(),
          startedAt: z.string().nullable(),
          stoppedAt: z.string().nullable(),
          sizeBytes: z.number().nullable(),
          transferredBytes: z.number().nullable(),
          files: z.number().nullable(),
          objects: z.number().nullable(),
          durationSeconds: z.number().nullable(),
        }),
      })
      .nullable()
      .openapi('CheckJob', { description: "The job of the check's newest report that a report format read; null when none did." }),
    comet: z
      .object({
        username: z.string().nullable(),
        device: z.string().nullable(),
        protectedItem: z.string().nullable(),
        vault: z.string().nullable(),
        clientVersion: z.string().nullable(),
        newestClientVersion: z.string().nullable().openapi({ description: 'The newest client version any job on this server reported.' }),
        outdated: z.boolean().openapi({ description: 'The device runs an older client than the newest seen on this server.' }),
        lastJob: z.object({
          id: z.number().int(),
          type: z.string().nullable(),
          cometStatus: z.string().nullable(),
          startedAt: z.string().nullable(),
          stoppedAt: z.string().nullable(),
          totalSize: z.number().nullable(),
          files: z.number().nullable(),
          uploaded: z.number().nullable(),
          durationSeconds: z.number().nullable(),
        }),
      })
      .nullable()
      .openapi('CheckComet', { description: "`job` in Comet's words, when the newest job is a Comet job (kept for clients written before every format had jobs)." }),
    scheduleSetBy: z.enum(['default', 'user', 'suggestion']).openapi({ description: 'Who chose the schedule: nobody yet, a person, or the suggestion from the observed arrivals.' }),
    scheduleSuggestion: z
      .object({ schedule: scheduleSchema, basedOn: z.number().int(), reason: z.string(), at: z.string() })
      .nullable()
      .openapi('ScheduleSuggestion', { description: 'A schedule inferred from the arrivals of a discovered check\'s reports (after 3 reports by default).' }),
    anomalies: anomalyOverridesSchema,
    rpoDays: z.number().nullable(),
    lastSuccessAt: z.string().nullable().openapi({ description: 'When a report last gave the check success.' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Check');
