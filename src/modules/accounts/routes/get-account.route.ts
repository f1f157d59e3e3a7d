import { createRoute } from '@hono/zod-openapi';
import { errorResponses } from '../../api/api.errors.js';
import { jsonContent } from '../../api/api.params.js';
import type { Api, ApiDeps } from '../../api/api.types.js';
import { accountOf, relyingPartyOf } from '../../sessions/sessions.http.js';
import { accountView } from '../accounts.mfa.js';
import { accountSchema } from '../accounts.schemas.js';
import { userView } from '../accounts.users.js';

const route = createRoute({
  method: 'get',
  path: '/account',
  tags: ['account'],
  summary: 'The logged-in user\'s account and second factors',
  description: 'For sessions only (an API key has no account: 403 `account.api_key`).',
  responses: { 200: jsonContent(accountSchema, 'The account'), ...errorResponses },
});

export function registerGetAccount(api: Api, deps: ApiDeps) {
  api.openapi(route, async (c) => {
    const { user } = accountOf(c);
    const view = await accountView(deps.db, user);
    return c.json({ user: await userView(deps.db, user), ...view, webauthnAvailable: relyingPartyOf(c, deps.accounts.publicUrl).available }, 200);
  });
}
