import { createRoute } from '@hono/zod-openapi';
import { conflictResponse, errorResponses } from '../../api/api.errors.js';
import { idParams, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { pollConnect } from '../channels.connect.js';
import { connectStateSchema } from '../channels.schemas.js';

const route = createRoute({
  method: 'get',
  path: '/channels/{id}/connect',
  tags: ['channels'],
  summary: 'How the sign-in goes: pending, connected (with the account), declined or expired',
  description:
    "Asks the vendor at most once per `interval` (sooner, it answers `pending` without asking). Connecting saves the account's grant, so this is for administrators only. 409 when no sign-in was started.",
  request: { params: idParams },
  responses: { 200: jsonContent(connectStateSchema, 'The state of the sign-in'), ...errorResponses, ...conflictResponse },
});

export function registerPollConnect(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => c.json(await pollConnect(deps.channels, c.req.valid('param').id), 200));
}
