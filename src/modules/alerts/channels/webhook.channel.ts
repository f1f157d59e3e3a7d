import { z } from 'zod';
import type { AlertView } from '../alerts.models.js';
import { renderUserTemplate, templateProblem } from '../alerts.templates.js';
import { sendHttp } from './channel.http.js';
import type { ChannelAdapter } from './channel.types.js';

const config = z.object({
  url: z.url({ protocol: /^https?$/ }),
  method: z.enum(['POST', 'PUT', 'PATCH']).default('POST'),
  headers: z.record(z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'not a header name'), z.string().max(4000)).default({}),
  bodyTemplate: z
    .string()
    .max(20_000)
    .superRefine((t, ctx) => {
      const problem = templateProblem(t);
      if (problem) ctx.addIssue({ code: 'custom', message: `invalid template: ${problem}` });
    })
    .optional(),
});

type WebhookConfig = z.infer<typeof config>;

/** JSON string escaping without the quotes, so `"{{check.name}}"` stays valid JSON whatever the name holds. */
export const jsonEscape = (s: string) => JSON.stringify(s).slice(1, -1);

/** The documented body sent when a webhook has no template of its own. */
export function defaultWebhookBody(view: AlertView, text: string) {
  return {
    event: view.event,
    status: view.status,
    previousStatus: view.previousStatus,
    text,
    check: view.check,
    activity: view.activity,
    statusSource: view.statusSource,
    rulesFired: view.rulesFired,
    reasons: view.reasons,
    keyLines: view.keyLines,
    expectedAt: view.expectedAt,
  };
}

function contentType(headers: Record<string, string>): string | undefined {
  return Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
}

export const webhookChannel: ChannelAdapter<WebhookConfig> = {
  type: 'webhook',
  config,
  secrets: ['url', 'headers'],
  async send(c, view, ctx) {
    const type = contentType(c.headers) ?? 'application/json';
    const body = c.bodyTemplate
      ? renderUserTemplate(c.bodyTemplate, view, /json/i.test(type) ? jsonEscape : undefined)
      : JSON.stringify(defaultWebhookBody(view, ctx.templates.render('webhook', view.event, view)));
    const headers: Record<string, string> = { 'idempotency-key': ctx.idempotencyKey, ...c.headers };
    if (!contentType(c.headers)) headers['content-type'] = type;
    return sendHttp(ctx, { method: c.method, url: c.url, headers, body });
  },
};
