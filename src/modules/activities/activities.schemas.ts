import { z } from '@hono/zod-openapi';
import { RULE_FIELDS, RULE_OPERATORS } from '../rules/rules.models.js';

export const ACTIVITY_STATUSES = ['success', 'warning', 'failure', 'overdue'] as const;

export const activitySchema = z
  .object({
    id: z.number().int(),
    checkId: z.number().int(),
    checkName: z.string(),
    messageId: z.number().int().nullable().openapi({ description: 'The report; null for activities no message caused (overdue).' }),
    status: z.enum(ACTIVITY_STATUSES),
    receivedAt: z.string(),
    subject: z.string(),
    matchedBy: z.enum(['address', 'criteria']).nullable().openapi({ description: 'Whether the check\'s own address or its criteria claimed the message.' }),
    statusSource: z.enum(['success', 'warning', 'failure', 'default']).nullable().openapi({ description: 'The status group whose rules decided, or `default` when none matched.' }),
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
