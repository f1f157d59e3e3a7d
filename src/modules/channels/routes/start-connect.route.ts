import { createRoute } from '@hono/zod-openapi';
import { conflictResponse, errorResponses } from '../../api/api.errors.js';
import { idParams, jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { startConnect } from '../channels.connect.js';
import { connectStartedSchema } from '../channels.schemas.js';

const route = createRoute({
  method: 'post',
  path: '/channels/{id}/connect',
  tags: ['channels'],
  summary: "Start connecting the channel to an account (the vendor's device code sign-in)",
  description:
    'Answers the code a person enters at `verificationUri`; then poll with GET every `interval` seconds. An account already connected keeps working until the new one is. 409 for a channel type that does not sign in; 422 when the vendor refuses (the app registration, the tenant); 503 when it cannot be reached.',
  request: { params: idParams },
  responses: { 200: jsonContent(connectStartedSchema, 'The code to enter, and where'), ...errorResponses, ...conflictResponse },
});

export function registerStartConnect(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => c.json(await startConnect(deps.channels, c.req.valid('param').id), 200));
}
