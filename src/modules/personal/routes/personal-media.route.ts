import { createRoute } from '@hono/zod-openapi';
import { errorResponses } from '../../api/api.errors.js';
import { jsonBody, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { personalMediaPatchSchema, personalMediaSchema } from '../personal.schemas.js';

const description =
  "The organization's side of personal notifications (administrators only): the mail relay for personal email, the SMS provider, the Pushover application token, and the Web Push VAPID keys (made at first start; the private key is sealed and never shown). Secrets are answered as a hint.";

const get = createRoute({
  method: 'get',
  path: '/settings/personal-notifications',
  tags: ['settings'],
  summary: 'Personal notification media of the organization',
  description,
  responses: { 200: jsonContent(personalMediaSchema, 'The media'), ...errorResponses },
});

const patch = createRoute({
  method: 'patch',
  path: '/settings/personal-notifications',
  tags: ['settings'],
  summary: 'Set up personal notification media',
  description: `${description} Keys given replace the stored ones (a secret left out is kept); null turns a medium off.`,
  request: { body: jsonBody(personalMediaPatchSchema) },
  responses: { 200: jsonContent(personalMediaSchema, 'The media'), ...errorResponses },
});

export function registerPersonalMedia(api: Api, deps: ApiDeps) {
  api.openapi(get, async (c) => c.json(deps.personal.org.present(), 200));
  api.openapi(patch, async (c) => c.json(await deps.personal.org.update(c.req.valid('json') as Parameters<ApiDeps['personal']['org']['update']>[0]), 200));
}
