import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses } from '../../../api/api.errors.js';
import { jsonBody, jsonContent } from '../../../api/api.params.js';
import type { Api, ApiDeps } from '../../../api/api.types.js';
import { cometSettingsPatchSchema, cometSettingsSchema, cometWithoutCustomerRules } from '../comet.settings.js';
import type { Scope } from '../../../../shared/scope.js';
import type { CometParts } from '../comet.parts.js';
import { newWebhookSecret, removeWebhookSecret, webhookSecretInfo } from '../comet.webhook-secret.js';

const webhookUrl = (publicUrl: string) => `${publicUrl.replace(/\/+$/, '')}/api/v1/ingest/comet`;

const answer = cometSettingsSchema
  .extend({
    webhook: z
      .object({
        url: z.string().openapi({ description: 'Where Comet Server posts its webhook events; add `?secret=…` (or send the secret as `X-Backwatch-Secret`).' }),
        configured: z.boolean(),
        hint: z.string().nullable().openapi({ description: 'The start of the secret, to tell which one is in use.' }),
        createdAt: z.string().nullable(),
      })
      .openapi('CometWebhook'),
  })
  .openapi('CometSettingsAnswer');

const get = createRoute({
  method: 'get',
  path: '/settings/comet',
  tags: ['comet'],
  summary: 'Comet settings: auto-discovery, customer groups, status mapping, schedule inference, anomaly rules, webhook',
  description: 'A user limited to some groups gets them without the discovery rules that name customers (senders, usernames, groups).',
  responses: { 200: jsonContent(answer, 'The settings'), ...errorResponses },
});

const patch = createRoute({
  method: 'patch',
  path: '/settings/comet',
  tags: ['comet'],
  summary: 'Change Comet settings (each part replaces only the keys it names)',
  request: { body: jsonBody(cometSettingsPatchSchema) },
  responses: { 200: jsonContent(answer, 'The settings now'), ...errorResponses },
});

const rotate = createRoute({
  method: 'post',
  path: '/settings/comet/webhook-secret',
  tags: ['comet'],
  summary: "Make a new secret for Comet's webhook (the old one stops working); shown once",
  responses: {
    201: jsonContent(z.object({ secret: z.string(), url: z.string(), createdAt: z.string() }).openapi('CometWebhookSecret'), 'The secret, and the URL to give Comet'),
    ...errorResponses,
  },
});

const remove = createRoute({
  method: 'delete',
  path: '/settings/comet/webhook-secret',
  tags: ['comet'],
  summary: "Turn Comet's webhook off (events are then refused)",
  responses: { 204: { description: 'Removed' }, ...errorResponses },
});

export function registerCometSettings(api: Api, deps: ApiDeps, comet: CometParts) {
  const present = async (scope: Scope = null) => {
    const settings = comet.settings.get();
    return { ...(scope === null ? settings : cometWithoutCustomerRules(settings)), webhook: { url: webhookUrl(deps.alerting.publicUrl), ...(await webhookSecretInfo(deps.db)) } };
  };
  api.openapi(get, async (c) => c.json(await present(c.get('scope')), 200));
  api.openapi(patch, async (c) => {
    await comet.settings.update(c.req.valid('json'));
    return c.json(await present(), 200);
  });
  api.openapi(rotate, async (c) => {
    const { secret, createdAt } = await newWebhookSecret(deps.db, deps.clock.now());
    return c.json({ secret, url: `${webhookUrl(deps.alerting.publicUrl)}?secret=${secret}`, createdAt }, 201);
  });
  api.openapi(remove, async (c) => {
    await removeWebhookSecret(deps.db);
    return c.body(null, 204);
  });
}
