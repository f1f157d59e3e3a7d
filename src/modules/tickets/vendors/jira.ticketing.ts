import { z } from 'zod';
import { truncate } from '../../alerts/channels/channel.text.js';
import type { ChannelContext } from '../../alerts/channels/channel.types.js';
import { type TicketingAdapter, type TicketOutcome, type TicketRef, type TicketRequest, ticketingCommon } from '../tickets.types.js';
import { basicAuth, baseUrl, callVendor, outcomeOf, refusal, stateOf, unlessClosed } from './vendor.http.js';

// REST API v2, on Cloud and Data Center alike. Cloud's v3 offers the same operations but wants descriptions and
// comments as Atlassian Document Format, where v2 takes text (wiki markup); Data Center has no v3.

const SUMMARY_CHARS = 255;

const priorityName = z.string().min(1).max(255).nullable();

const config = ticketingCommon
  .extend({
    /** https://your-domain.atlassian.net, or Data Center's base URL with its context path. */
    url: z.url({ protocol: /^https?$/ }),
    /** Cloud: the Atlassian account's email and an API token, sent as Basic. */
    email: z.email().optional(),
    apiToken: z.string().min(1).max(1000).optional(),
    /** Data Center: a personal access token, sent as Bearer. */
    personalAccessToken: z.string().min(1).max(1000).optional(),
    /** For checks and groups whose ticket fields name no `projectKey` or `issueType`. */
    projectKey: z.string().min(1).max(255).optional(),
    issueType: z.string().min(1).max(255).default('Task'),
    /** Priority names; null sends none (the project's default), for create screens without the field. */
    priorities: z.object({ high: priorityName.default('High'), low: priorityName.default('Low') }).prefault({}),
    /** None for projects whose create screen has no labels field. */
    labels: z.array(z.string().regex(/^\S{1,255}$/, 'a label is up to 255 characters without spaces')).max(20).default(['backwatch']),
    /** A text custom field for the check's asset; without one the asset is only a line of the description. */
    assetField: z.string().regex(/^customfield_\d{1,12}$/, 'a custom field id such as customfield_10050').optional(),
    /** The workflow transition that closes an issue, by name (any case): Done, Resolve Issue, Close Issue… */
    closeTransition: z.string().min(1).max(255).default('Done'),
    /** Set while closing, where the transition's screen asks for a resolution. */
    resolution: z.string().min(1).max(255).optional(),
    /** Jira Service Management: comments go through its API as internal, not shared with the customer. */
    serviceManagement: z.boolean().default(false),
  })
  .refine((c) => !c.personalAccessToken !== !(c.email || c.apiToken), 'use an email and API token (Cloud) or a personal access token (Data Center)')
  .refine((c) => !c.email === !c.apiToken, 'an email and an API token go together');

type JiraConfig = z.infer<typeof config>;

/**
 * Jira reads v2 text as wiki markup, so a report's "[Failed]" would become a link and "-x-" struck
 * through. A backslash makes a markup character literal. URLs stay as they are, so they stay links;
 * inside a word (WS-0042, file_name) these characters mark nothing up and stay unescaped too.
 */
const MARKUP = /[[\]{}|]|!(?=\S)|\?(?=\?)|\((?=[^()\s]{1,3}\))|(?<=(?:^|\n)[ \t]*)#|(?<![\p{L}\p{N}])[-*_+^~]|[-*_+^~](?![\p{L}\p{N}])/gu;

export function wikiText(text: string): string {
  const escape = (s: string) => s.replace(MARKUP, '\\$&');
  let out = '';
  let last = 0;
  for (const m of text.matchAll(/https?:\/\/\S+/g)) {
    out += escape(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + escape(text.slice(last));
}

const rest = (c: JiraConfig, path: string) => `${baseUrl(c.url)}/rest/${path}`;
const issuePath = (ticket: TicketRef, suffix = '') => `api/2/issue/${encodeURIComponent(ticket.id)}${suffix}`;

function call(c: JiraConfig, ctx: ChannelContext, step: string, method: 'GET' | 'POST', path: string, json?: unknown) {
  const authorization = c.personalAccessToken ? `Bearer ${c.personalAccessToken}` : basicAuth(c.email ?? '', c.apiToken ?? '');
  return callVendor(ctx, { step: `Jira ${step}`, method, url: rest(c, path), headers: { authorization }, json });
}

/** An issue is closed once its status is in the "done" category, whatever the workflow calls it. */
const issueState = async (c: JiraConfig, ticket: TicketRef, ctx: ChannelContext) =>
  stateOf(await call(c, ctx, 'issue', 'GET', issuePath(ticket, '?fields=status')), (issue) => issue.fields?.status?.statusCategory?.key === 'done');

function comment(c: JiraConfig, ticket: TicketRef, body: string, ctx: ChannelContext) {
  // A comment made through the platform API is visible to Service Management customers; only its own API makes it internal.
  if (c.serviceManagement) {
    return call(c, ctx, 'internal comment', 'POST', `servicedeskapi/request/${encodeURIComponent(ticket.id)}/comment`, { body: wikiText(body), public: false });
  }
  return call(c, ctx, 'comment', 'POST', issuePath(ticket, '/comment'), { body: wikiText(body) });
}

async function transitionToClose(c: JiraConfig, ticket: TicketRef, req: TicketRequest, ctx: ChannelContext): Promise<TicketOutcome> {
  const offered = await call(c, ctx, 'transitions', 'GET', issuePath(ticket, '/transitions'));
  if (!offered.ok) return offered;
  const transitions: { id?: string; name?: string }[] = offered.json?.transitions ?? [];
  const transition = transitions.find((t) => t.name?.toLowerCase() === c.closeTransition.toLowerCase());
  if (!transition?.id) {
    const names = transitions.map((t) => `"${t.name}"`).join(', ') || 'none';
    return refusal(`Jira offers no transition named "${c.closeTransition}" for ${ticket.id} (it offers ${names}): set closeTransition`);
  }
  const commented = await comment(c, ticket, req.body, ctx);
  if (!commented.ok) return commented;
  const moved = await call(c, ctx, 'transition', 'POST', issuePath(ticket, '/transitions'), {
    transition: { id: transition.id },
    ...(c.resolution && { fields: { resolution: { name: c.resolution } } }),
  });
  return outcomeOf(moved);
}

export const jiraTicketing: TicketingAdapter<JiraConfig> = {
  type: 'jira',
  kind: 'ticketing',
  config,
  secrets: ['apiToken', 'personalAccessToken'],
  fields: ['projectKey', 'issueType', 'assetId'],

  async open(c, req, ctx) {
    const projectKey = req.fields.projectKey?.trim() || c.projectKey;
    if (!projectKey) return refusal('no Jira project: set projectKey in the ticket fields of the check or its group, or on the integration');
    const priority = c.priorities[req.priority];
    const asset = req.fields.assetId?.trim();
    const fields = {
      project: { key: projectKey },
      issuetype: { name: req.fields.issueType?.trim() || c.issueType },
      summary: truncate(req.subject, SUMMARY_CHARS),
      description: wikiText(req.body),
      ...(c.labels.length && { labels: c.labels }),
      ...(priority && { priority: { name: priority } }),
      ...(c.assetField && asset && { [c.assetField]: asset }),
    };
    const reply = await call(c, ctx, 'create issue', 'POST', 'api/2/issue', { fields });
    if (!reply.ok) return reply;
    const key = reply.json?.key;
    // Created, but we cannot tell which: repeating would make a second issue.
    if (typeof key !== 'string' || !key) return refusal('Jira created an issue without saying its key');
    return { ok: true, status: reply.status, ticket: { id: key, url: `${baseUrl(c.url)}/browse/${encodeURIComponent(key)}` } };
  },

  note: (c, ticket, req, ctx) => unlessClosed(issueState(c, ticket, ctx), async () => outcomeOf(await comment(c, ticket, req.body, ctx))),

  close: (c, ticket, req, ctx) => unlessClosed(issueState(c, ticket, ctx), () => transitionToClose(c, ticket, req, ctx)),

  async verify(c, ctx) {
    const reply = c.projectKey ? await call(c, ctx, 'project', 'GET', `api/2/project/${encodeURIComponent(c.projectKey)}`) : await call(c, ctx, 'myself', 'GET', 'api/2/myself');
    return outcomeOf(reply);
  },
};
