import { z } from '@hono/zod-openapi';
import { MATCHED_BY, STATUS_SOURCES } from '../evaluation/evaluation.models.js';
import { RULE_FIELDS, RULE_OPERATORS } from '../rules/rules.models.js';

export const ACTIVITY_STATUSES = ['success', 'warning', 'failure', 'overdue'] as const;

export const activitySchema = z
  .object({
    id: z.number().int(),
    checkId: z.number().int(),
    checkName: z.string(),
    messageId: z.number().int().nullable().openapi({ description: 'The report; null for activities no message caused (overdue marks, Comet webhook events).' }),
    jobId: z.number().int().nullable().openapi({ description: 'The Comet job the report tells of (GET /jobs/{id}), if it is one.' }),
    status: z.enum(ACTIVITY_STATUSES),
    receivedAt: z.string(),
    subject: z.string(),
    matchedBy: z.enum(MATCHED_BY).nullable().openapi({ description: 'What claimed the report: the check\'s own address, its criteria, or (`comet`) the Comet protected item the check stands for.' }),
    statusSource: z
      .enum(STATUS_SOURCES)
      .nullable()
      .openapi({ description: 'The status group whose rules decided, `default` when none matched, `comet` (the Comet report\'s own status) or `anomaly` (a successful job whose figures are off).' }),
    reasons: z.array(z.string()).openapi({ description: 'Why, in words, beyond the rules (the Comet status, an unreadable report, an anomaly).' }),
    matchedRules: z
      .array(
        z.object({
          group: z.enum(['matching', 'success', 'warning', 'failure']),
          index: z.number().int(),
          field: z.enum(RULE_FIELDS),
          operator: z.enum(RULE_OPERATORS),
          value: z.string(),
        }),
      )
      .openapi({ description: 'The rules that fired: why the message belongs to the check and why it has this status.' }),
  })
  .openapi('Activity');
