import { z } from '@hono/zod-openapi';
import { MATCHED_BY_VALUES, RULE_FIELD_NAMES, STATUS_SOURCE_VALUES } from '../formats/formats.registry.js';
import { RULE_OPERATORS } from '../rules/rules.models.js';

export const ACTIVITY_STATUSES = ['success', 'warning', 'failure', 'overdue'] as const;

export const activitySchema = z
  .object({
    id: z.number().int(),
    checkId: z.number().int(),
    checkName: z.string(),
    messageId: z.number().int().nullable().openapi({ description: 'The report; null for activities no message caused (overdue marks, Comet webhook events).' }),
    jobId: z.number().int().nullable().openapi({ description: 'The job the report tells of (GET /jobs/{id}), if a report format read one.' }),
    status: z.enum(ACTIVITY_STATUSES),
    receivedAt: z.string(),
    subject: z.string(),
    matchedBy: z.enum(MATCHED_BY_VALUES).nullable().openapi({ description: 'What claimed the report: the check\'s own address, its criteria, or (a format\'s id, `comet`…) the job the check stands for.' }),
    statusSource: z
      .enum(STATUS_SOURCE_VALUES)
      .nullable()
      .openapi({ description: 'The status group whose rules decided, `default` when none matched, a format\'s id (`comet`…: the job\'s own status), `anomaly` (a successful job whose figures are off) or `rpo` (no success for too long).' }),
    reasons: z.array(z.string()).openapi({ description: 'Why, in words, beyond the rules (the Comet status, an unreadable report, an anomaly).' }),
    matchedRules: z
      .array(
        z.object({
          group: z.enum(['matching', 'success', 'warning', 'failure']),
          index: z.number().int(),
          field: z.enum(RULE_FIELD_NAMES),
          operator: z.enum(RULE_OPERATORS),
          value: z.string(),
        }),
      )
      .openapi({ description: 'The rules that fired: why the message belongs to the check and why it has this status.' }),
  })
  .openapi('Activity');
