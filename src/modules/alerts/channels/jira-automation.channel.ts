import { z } from 'zod';
import type { AlertView } from '../alerts.models.js';
import { splitTitle } from '../alerts.templates.js';
import { postJson } from './channel.http.js';
import { checkLink } from './channel.text.js';
import type { ChannelAdapter } from './channel.types.js';

/** A work item key: the project key (a capital letter, then capitals, digits or _), a dash, the number. */
const issueKey = z.string().regex(/^[A-Z][A-Z0-9_]*-[1-9]\d{0,9}$/, 'a work item key such as OPS-42');

const config = z.object({
  /** The rule's webhook URL, shown in its Incoming webhook trigger: the whole endpoint (api-private.atlassian.com/automation/webhooks/…). */
  url: z.url({ protocol: /^https?$/ }),
  /** The trigger's secret, sent as X-Automation-Webhook-Token. */
  token: z.string().regex(/^[\x21-\x7e]{1,1000}$/, 'the secret shown with the webhook URL'),
  /** Sent as `issues`, for a trigger set to run on the work items given in the request. */
  issues: z.array(issueKey).max(100).default([]),
});

type JiraAutomationConfig = z.infer<typeof config>;

/**
 * The body a rule reads as {{webhookData}}, in one stable, flat shape (README: Alerts). Values are the
 * report's text as it is: a rule that writes them into a field decides how they are shown there.
 */
export function automationData(view: AlertView, text: string, issues: string[]) {
  const { title, body } = splitTitle(text);
  const why = [...view.rulesFired.map((r) => r.text), ...(view.byDefault ? ["no success or warning rule matched, so the check's default status applies"] : []), ...view.reasons];
  return {
    source: 'backwatch',
    event: view.event,
    status: view.status,
    statusLabel: view.statusLabel,
    previousStatus: view.previousStatus,
    check: view.check.name,
    checkId: view.check.id,
    group: view.check.group,
    title,
    text: body,
    subject: view.activity.subject,
    reasons: why,
    keyLines: view.keyLines,
    link: checkLink(view) ?? null,
    at: view.activity.at,
    time: view.activity.time,
    expectedAt: view.expectedAt,
    ...(issues.length ? { issues } : {}),
  };
}

export const jiraAutomationChannel: ChannelAdapter<JiraAutomationConfig> = {
  type: 'jira-automation',
  config,
  secrets: ['url', 'token'],
  send(c, view, ctx) {
    const data = automationData(view, ctx.templates.render('jira-automation', view.event, view), c.issues);
    return postJson(ctx, c.url, data, { 'x-automation-webhook-token': c.token });
  },
};
