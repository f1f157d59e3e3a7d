import { z } from 'zod';
import { truncate } from '../../alerts/channels/channel.text.js';
import type { ChannelContext } from '../../alerts/channels/channel.types.js';
import { type TicketingAdapter, ticketingCommon } from '../tickets.types.js';
import {
  browseUrl,
  comment,
  findByMarker,
  issueState,
  jiraCall,
  labelList,
  MARKER_IN,
  markerInLabels,
  priorityLookup,
  requestTypeLookup,
  serviceDeskLookup,
  siteSettings,
  transitionToClose,
  wikiText,
  withMarkerLine,
  withOneCredential,
} from './jira.api.js';
import { outcomeOf, refusal, unlessClosed } from './vendor.http.js';

// Requests are made and commented on through the Service Management API (/rest/servicedeskapi), so they carry their
// request type and the comments stay internal; their state and their closing go through the platform's REST API v2,
// as for Jira Software (jira.api.ts). requestFieldValues takes only the fields the request type shows: labels, the
// priority and the asset field are sent only when configured, for request types that have them.

const SUMMARY_CHARS = 255;

/** The console sends record ids as numbers; Service Management names them as strings. */
const recordId = z.union([z.number().int().positive(), z.string().regex(/^\d{1,18}$/, 'a numeric id')]).transform(String);
const priorityName = z.string().min(1).max(255).nullable();

const config = withOneCredential(
  ticketingCommon.extend({
    ...siteSettings,
    /** For checks and groups whose ticket fields name no `serviceDeskId` or `requestTypeId`. */
    serviceDeskId: recordId.optional(),
    requestTypeId: recordId.optional(),
    /** Priority names, for request types with the Priority field; null sends none. */
    priorities: z.object({ high: priorityName.default(null), low: priorityName.default(null) }).prefault({}),
    /** For request types with the Labels field; with none, the incident marker is the description's last line. */
    labels: labelList.default([]),
    /** A text custom field of the request type for the check's asset. */
    assetField: z.string().regex(/^customfield_\d{1,12}$/, 'a custom field id such as customfield_10050').optional(),
    /** The workflow transition that resolves a request, by name (any case). */
    closeTransition: z.string().min(1).max(255).default('Resolve this issue'),
    resolution: z.string().min(1).max(255).optional(),
    /** The customer the request is raised for (Cloud: an account id; Data Center: a user name); the account itself when unset. */
    raiseOnBehalfOf: z.string().min(1).max(255).optional(),
  }),
);

type JsmConfig = z.infer<typeof config>;

const idOf = (given: string | undefined, fallback: string | undefined) => given?.trim() || fallback;

function target(c: JsmConfig, fields: Record<string, string>) {
  const serviceDeskId = idOf(fields.serviceDeskId, c.serviceDeskId);
  const requestTypeId = idOf(fields.requestTypeId, c.requestTypeId);
  if (!serviceDeskId || !requestTypeId) return refusal('no service desk or request type: set serviceDeskId and requestTypeId in the ticket fields of the check or its group, or on the integration');
  for (const [key, id] of [['serviceDeskId', serviceDeskId], ['requestTypeId', requestTypeId]] as const) if (!/^\d{1,18}$/.test(id)) return refusal(`${key} must be a number, not "${id}"`);
  return { ok: true as const, serviceDeskId, requestTypeId };
}

const serviceDesk = (c: JsmConfig, id: string, ctx: ChannelContext) => jiraCall(c, ctx, 'service desk', 'GET', `servicedeskapi/servicedesk/${id}`);

export const jiraServiceManagementTicketing: TicketingAdapter<JsmConfig> = {
  type: 'jira-service-management',
  kind: 'ticketing',
  config,
  secrets: ['apiToken', 'personalAccessToken'],
  fields: ['serviceDeskId', 'requestTypeId', 'assetId'],

  async open(c, req, ctx) {
    const to = target(c, req.fields);
    if (!to.ok) return to;
    const priority = c.priorities[req.priority];
    const asset = req.fields.assetId?.trim();
    const requestFieldValues = {
      summary: truncate(req.subject, SUMMARY_CHARS),
      description: withMarkerLine(wikiText(req.body), req, c.labels),
      ...(markerInLabels(c.labels) && { labels: [...c.labels.filter((l) => l !== req.marker), req.marker] }),
      ...(priority && { priority: { name: priority } }),
      ...(c.assetField && asset && { [c.assetField]: asset }),
    };
    const reply = await jiraCall(c, ctx, 'create request', 'POST', 'servicedeskapi/request', {
      serviceDeskId: to.serviceDeskId,
      requestTypeId: to.requestTypeId,
      requestFieldValues,
      ...(c.raiseOnBehalfOf && { raiseOnBehalfOf: c.raiseOnBehalfOf }),
    });
    if (!reply.ok) return reply;
    const key = reply.json?.issueKey;
    // Created, but we cannot tell which: repeating would make a second request.
    if (typeof key !== 'string' || !key) return refusal('Jira Service Management created a request without saying its key');
    return { ok: true, status: reply.status, ticket: { id: key, url: browseUrl(c, key) } };
  },

  markerIn: MARKER_IN,
  // Service Management's own request list searches summaries only, so the marker is looked for by JQL in the service desk's project.
  async find(c, req, ctx) {
    const to = target(c, req.fields);
    if (!to.ok) return { ok: true };
    const desk = await serviceDesk(c, to.serviceDeskId, ctx);
    if (!desk.ok) return desk;
    const projectKey = desk.json?.projectKey;
    if (typeof projectKey !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(projectKey)) return refusal(`Jira Service Management gave no project key for service desk ${to.serviceDeskId}`);
    return findByMarker(c, `project = "${projectKey}"`, req, c.labels, ctx);
  },

  lookups: {
    servicedesks: serviceDeskLookup<JsmConfig>(),
    requesttypes: requestTypeLookup<JsmConfig>(),
    priorities: priorityLookup<JsmConfig>(),
  },

  note: (c, ticket, req, ctx) => unlessClosed(issueState(c, ticket, ctx), async () => outcomeOf(await comment(c, ticket, req.body, true, ctx))),

  close: (c, ticket, req, ctx) => unlessClosed(issueState(c, ticket, ctx), () => transitionToClose(c, ticket, req, true, ctx)),

  async verify(c, ctx) {
    return outcomeOf(c.serviceDeskId ? await serviceDesk(c, c.serviceDeskId, ctx) : await jiraCall(c, ctx, 'myself', 'GET', 'api/2/myself'));
  },
};
