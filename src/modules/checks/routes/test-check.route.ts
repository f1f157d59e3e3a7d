import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses } from '../../api/api.errors.js';
import { idParams, jsonBody, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { MATCHED_BY_VALUES, RULE_FIELD_NAMES, STATUS_SOURCE_VALUES } from '../../formats/formats.registry.js';
import { RULE_OPERATORS } from '../../rules/rules.models.js';
import { tryRules } from '../checks.try-rules.js';
import { REPORT_STATUSES } from '../../../shared/status.js';

const body = z
  .object({
    messageId: z.number().int().positive().optional().openapi({ description: 'A stored message.' }),
    raw: z.string().min(1).optional().openapi({ description: 'A whole RFC 5322 message, headers and body.' }),
    recipients: z.array(z.string().max(320)).max(100).optional().openapi({ description: 'For `raw`: the envelope recipients (default: its To and Cc).' }),
  })
  .refine((b) => (b.messageId === undefined) !== (b.raw === undefined), { message: 'give either messageId or raw', path: ['messageId'] })
  .openapi('TestCheck');

const criteriaResult = z.object({
  matched: z.boolean(),
  rules: z.array(z.object({ index: z.number(), field: z.enum(RULE_FIELD_NAMES), operator: z.enum(RULE_OPERATORS), value: z.string(), matched: z.boolean() })),
});

export const testResultSchema = z
  .object({
    matched: z.boolean().openapi({ description: 'Whether the message belongs to this check.' }),
    matchedBy: z.enum(MATCHED_BY_VALUES).nullable(),
    status: z.enum(REPORT_STATUSES).openapi({ description: 'The status the message would give the check (also when it does not belong to it).' }),
    statusSource: z.enum(STATUS_SOURCE_VALUES),
    reasons: z.array(z.string()).openapi({ description: 'Why, in words, beyond the rules (the Comet status, an unreadable report).' }),
    matching: criteriaResult.nullable(),
    statusGroups: z.object({ success: criteriaResult.optional(), warning: criteriaResult.optional(), failure: criteriaResult.optional() }),
  })
  .openapi('TestCheckResult');


const route = createRoute({
  method: 'post',
  path: '/checks/{id}/test',
  tags: ['checks'],
  summary: "Test a check's rules against a message",
  description: 'Says whether the message would belong to the check, the status it would give, and every rule\'s result. Stores nothing.',
  request: { params: idParams, body: jsonBody(body) },
  responses: { 200: jsonContent(testResultSchema, 'What the rules say'), ...errorResponses },
});

export function registerTestCheck(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    const input = c.req.valid('json');
    const explanation = await tryRules(
      deps,
      c.req.valid('param').id,
      input.messageId !== undefined ? { messageId: input.messageId } : { raw: input.raw!, recipients: input.recipients },
    );
    return c.json(explanation, 200);
  });
}
