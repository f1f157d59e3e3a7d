import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses } from '../../api/api.errors.js';
import { jsonBody, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { makeAlias } from '../checks.models.js';
import { createCheckSchema } from '../checks.schemas.js';
import { tryRulesOf } from '../checks.try-rules.js';
import { testResultSchema } from './test-check.route.js';

const body = z
  .object({
    check: createCheckSchema.openapi({ description: 'A check as it would be created (the editor\'s unsaved form).' }),
    messageId: z.number().int().positive().optional(),
    raw: z.string().min(1).optional(),
    recipients: z.array(z.string().max(320)).max(100).optional(),
  })
  .refine((b) => (b.messageId === undefined) !== (b.raw === undefined), { message: 'give either messageId or raw', path: ['messageId'] })
  .openapi('TestUnsavedRules');

const route = createRoute({
  method: 'post',
  path: '/checks/test',
  tags: ['checks'],
  summary: 'Test rules that are not saved yet against a message',
  description: 'The check editor\'s test panel: the same answer as POST /checks/{id}/test, for a check given in full. Stores nothing.',
  request: { body: jsonBody(body) },
  responses: { 200: jsonContent(testResultSchema, 'What the rules say'), ...errorResponses },
});

export function registerTestUnsavedRules(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    const { check, messageId, raw, recipients } = c.req.valid('json');
    const draft = { id: 0, alias: check.alias ?? makeAlias(check.name), matching: check.matching, statusRules: check.status, schedule: check.schedule, paused: check.paused };
    return c.json(await tryRulesOf(deps, draft, messageId !== undefined ? { messageId } : { raw: raw!, recipients }), 200);
  });
}
