import { z } from 'zod';
import { truncate } from '../../alerts/channels/channel.text.js';
import { type TicketingAdapter, ticketingCommon } from '../tickets.types.js';
import {
  browseUrl,
  comment,
  findByMarker,
  issueState,
  issueTypeLookup,
  jiraCall,
  labelList,
  MARKER_IN,
  markerInLabels,
  priorityLookup,
  projectLookup,
  siteSettings,
  transitionToClose,
  wikiText,
  withMarkerLine,
  withOneCredential,
} from './jira.api.js';
import { outcomeOf, refusal, unlessClosed } from './vendor.http.js';

export { wikiText } from './jira.api.js';

// REST API v2, on Cloud and Data Center alike. Cloud's v3 offers the same operations but wants descriptions and
// comments as Atlassian Document Format, where v2 takes text (wiki markup); Data Center has no v3.

const SUMMARY_CHARS = 255;

const priorityName = z.string().min(1).max(255).nullable();

const config = withOneCredential(
  ticketingCommon.extend({
    ...siteSettings,
    /** For checks and groups whose ticket fields name no `projectKey` or `issueType`. */
    projectKey: z.string().min(1).max(255).optional(),
    issueType: z.string().min(1).max(255).default('Task'),
    /** Priority names; null sends none (the project's default), for create screens without the field. */
    priorities: z.object({ high: priorityName.default('High'), low: priorityName.default('Low') }).prefault({}),
    /** None for projects whose create screen has no labels field. */
    labels: labelList.default(['backwatch']),
    /** A text custom field for the check's asset; without one the asset is only a line of the description. */
    assetField: z.string().regex(/^customfield_\d{1,12}$/, 'a custom field id such as customfield_10050').optional(),
    /** The workflow transition that closes an issue, by name (any case): Done, Resolve Issue, Close Issue… */
    closeTransition: z.string().min(1).max(255).default('Done'),
    /** Set while closing, where the transition's screen asks for a resolution. */
    resolution: z.string().min(1).max(255).optional(),
    /** Jira Service Management: comments go through its API as internal, not shared with the customer. */
    serviceManagement: z.boolean().default(false),
  }),
);

type JiraConfig = z.infer<typeof config>;

const projectOf = (c: JiraConfig, fields: Record<string, string>) => fields.projectKey?.trim() || c.projectKey;
const jqlProject = (key: string) => `project = "${key.replace(/["\\]/g, '\\$&')}"`;

export const jiraTicketing: TicketingAdapter<JiraConfig> = {
  type: 'jira',
  kind: 'ticketing',
  config,
  secrets: ['apiToken', 'personalAccessToken'],
  fields: ['projectKey', 'issueType', 'assetId'],

  async open(c, req, ctx) {
    const projectKey = projectOf(c, req.fields);
    if (!projectKey) return refusal('no Jira project: set projectKey in the ticket fields of the check or its group, or on the integration');
    const priority = c.priorities[req.priority];
    const asset = req.fields.assetId?.trim();
    const fields = {
      project: { key: projectKey },
      issuetype: { name: req.fields.issueType?.trim() || c.issueType },
      summary: truncate(req.subject, SUMMARY_CHARS),
      description: withMarkerLine(wikiText(req.body), req, c.labels),
      ...(markerInLabels(c.labels) && { labels: [...c.labels.filter((l) => l !== req.marker), req.marker] }),
      ...(priority && { priority: { name: priority } }),
      ...(c.assetField && asset && { [c.assetField]: asset }),
    };
    const reply = await jiraCall(c, ctx, 'create issue', 'POST', 'api/2/issue', { fields });
    if (!reply.ok) return reply;
    const key = reply.json?.key;
    // Created, but we cannot tell which: repeating would make a second issue.
    if (typeof key !== 'string' || !key) return refusal('Jira created an issue without saying its key');
    return { ok: true, status: reply.status, ticket: { id: key, url: browseUrl(c, key) } };
  },

  markerIn: MARKER_IN,
  async find(c, req, ctx) {
    const projectKey = projectOf(c, req.fields);
    // Without a project the create was refused before it was sent: there is nothing to find.
    if (!projectKey) return { ok: true };
    return findByMarker(c, jqlProject(projectKey), req, c.labels, ctx);
  },

  lookups: {
    projects: projectLookup<JiraConfig>(),
    types: issueTypeLookup<JiraConfig>(),
    priorities: priorityLookup<JiraConfig>(),
  },

  note: (c, ticket, req, ctx) => unlessClosed(issueState(c, ticket, ctx), async () => outcomeOf(await comment(c, ticket, req.body, c.serviceManagement, ctx))),

  close: (c, ticket, req, ctx) => unlessClosed(issueState(c, ticket, ctx), () => transitionToClose(c, ticket, req, c.serviceManagement, ctx)),

  async verify(c, ctx) {
    const reply = c.projectKey ? await jiraCall(c, ctx, 'project', 'GET', `api/2/project/${encodeURIComponent(c.projectKey)}`) : await jiraCall(c, ctx, 'myself', 'GET', 'api/2/myself');
    return outcomeOf(reply);
  },
};
