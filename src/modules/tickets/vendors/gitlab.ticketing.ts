import { z } from 'zod';
import { sendHttp } from '../../alerts/channels/channel.http.js';
import { truncate } from '../../alerts/channels/channel.text.js';
import type { ChannelContext } from '../../alerts/channels/channel.types.js';
import { type LookupQuery, type TicketingAdapter, type TicketRef, type TicketRequest, ticketingCommon } from '../tickets.types.js';
import { markdownBody } from './github.ticketing.js';
import { holdsMarker } from './vendor.marker.js';
import { baseUrl, callVendor, refusal, type TicketState, unlessClosed } from './vendor.http.js';
import { pageNumber } from '../tickets.lookups.js';

/** A project's numeric id, or its full path (group/subgroup/project). */
const project = z.string().regex(/^(\d+|\w[\w.-]*(\/\w[\w.-]*)+)$/, 'a project id or group/project path');
// The API takes labels as one comma-separated string.
const label = z.string().max(255).regex(/^[^,]*$/, 'no commas');

const config = ticketingCommon.extend({
  /** https://gitlab.com, or the address of a self-managed GitLab. */
  url: z.url({ protocol: /^https?$/ }).default('https://gitlab.com'),
  /** A personal, group or project access token with the api scope (Reporter or more on the projects). */
  token: z.string().min(1),
  /** Where issues go when the check and its group name no `project`. */
  project: project.optional(),
  labels: z.array(label.min(1)).default(['backwatch']),
  /** Added to the labels by the ticket's priority (scoped labels on Premium); an empty one adds none. */
  priorityLabels: z.object({ high: label.default('priority::high'), low: label.default('priority::low') }).default({ high: 'priority::high', low: 'priority::low' }),
  /** Notes only project members with Reporter or more can see. */
  internalNotes: z.boolean().default(true),
});

type GitLabConfig = z.infer<typeof config>;

const LIMITS = { title: 255, description: 1_000_000 } as const;

const base = (c: GitLabConfig) => baseUrl(c.url);
const api = (c: GitLabConfig, path: string) => `${base(c)}/api/v4${path}`;
const auth = (c: GitLabConfig) => ({ 'private-token': c.token });
const projectPath = (p: string) => `/projects/${encodeURIComponent(p)}`;

/**
 * The issue's project: read from its page address (…/group/project/-/issues/7), so a
 * ticket stays where it was opened when the group's `project` changes later; else the check's, else the channel's.
 */
function projectOf(c: GitLabConfig, req: TicketRequest, ticket?: TicketRef): string | undefined {
  const page = ticket?.url?.startsWith(`${base(c)}/`) ? ticket.url.slice(base(c).length + 1).match(/^(.+?)\/(?:-\/)?issues\/\d+$/)?.[1] : undefined;
  return page ?? (req.fields.project || c.project);
}

function issuePath(c: GitLabConfig, req: TicketRequest, ticket: TicketRef) {
  const p = projectOf(c, req, ticket);
  if (!p || !project.safeParse(p).success || !/^\d+$/.test(ticket.id)) return null;
  return `${projectPath(p)}/issues/${ticket.id}`;
}

async function fetchState(c: GitLabConfig, path: string, ctx: ChannelContext): Promise<TicketState> {
  const got = await callVendor(ctx, { method: 'GET', url: api(c, path), headers: auth(c) });
  if (!got.ok) return got;
  const state: unknown = got.json?.state;
  if (typeof state !== 'string') return refusal('unexpected answer: the issue has no state', got.status);
  return { ok: true, status: got.status, closed: state === 'closed' };
}

const addNote = (c: GitLabConfig, path: string, req: TicketRequest, ctx: ChannelContext) =>
  sendHttp(ctx, {
    method: 'POST',
    url: api(c, `${path}/notes`),
    headers: { ...auth(c), 'content-type': 'application/json' },
    body: JSON.stringify({ body: markdownBody(req, LIMITS.description), internal: c.internalNotes }),
  });

/** Adds the note to the issue (and closes it) unless a person closed it. */
function write(c: GitLabConfig, ticket: TicketRef, req: TicketRequest, ctx: ChannelContext, close: boolean) {
  const path = issuePath(c, req, ticket);
  if (!path) return Promise.resolve(refusal(`cannot tell the project and number of issue ${ticket.id} (${ticket.url ?? 'no address'})`));
  const resolve = () => sendHttp(ctx, { method: 'PUT', url: api(c, path), headers: { ...auth(c), 'content-type': 'application/json' }, body: JSON.stringify({ state_event: 'close' }) });
  return unlessClosed(fetchState(c, path, ctx), () => addNote(c, path, req, ctx), ...(close ? [resolve] : []));
}

/** The marker as a Markdown comment: searchable in the description, not shown on the page. */
const withMarker = (description: string, req: TicketRequest) => `${description}\n\n<!-- ${req.marker} -->`;

const PER_PAGE = 50;
/** GitLab pages by number and says the next one in `x-next-page` (empty on the last page). */
const nextPage = (headers: Record<string, string | string[] | undefined>) => {
  const next = headers['x-next-page'];
  return typeof next === 'string' && /^\d+$/.test(next) ? next : null;
};
const pageParams = (q: LookupQuery) => `per_page=${PER_PAGE}&page=${pageNumber(q)}${q.search ? `&search=${encodeURIComponent(q.search)}` : ''}`;

export const gitlabTicketing: TicketingAdapter<GitLabConfig> = {
  type: 'gitlab',
  kind: 'ticketing',
  config,
  secrets: ['token'],
  fields: ['project'],

  async open(c, req, ctx) {
    const p = projectOf(c, req);
    if (!p) return refusal('no GitLab project: set project on the check, its group or the channel');
    if (!project.safeParse(p).success) return refusal(`project "${p}" is not a project id or group/project path`);
    const priorityLabel = c.priorityLabels[req.priority];
    const labels = [...c.labels, ...(priorityLabel ? [priorityLabel] : [])].join(',');
    const payload = { title: truncate(req.subject, LIMITS.title), description: withMarker(markdownBody(req, LIMITS.description - 100), req), labels };
    const created = await callVendor(ctx, { method: 'POST', url: api(c, `${projectPath(p)}/issues`), headers: auth(c), json: payload });
    if (!created.ok) return created;
    const { iid, web_url: url } = created.json ?? {};
    if (!Number.isInteger(iid)) return refusal('unexpected answer: the new issue has no iid', created.status);
    return { ok: true, status: created.status, ticket: { id: String(iid), url: typeof url === 'string' ? url : null } };
  },

  markerIn: 'a hidden line of the description (searched with `in=description`)',
  async find(c, req, ctx) {
    const p = projectOf(c, req);
    if (!p || !project.safeParse(p).success) return { ok: true };
    const query = `search=${encodeURIComponent(req.marker)}&in=description&state=all&per_page=20`;
    const got = await callVendor(ctx, { step: 'GitLab issue search', method: 'GET', url: api(c, `${projectPath(p)}/issues?${query}`), headers: auth(c) });
    if (!got.ok) return got;
    const issue = (Array.isArray(got.json) ? got.json : []).find((i: any) => Number.isInteger(i?.iid) && holdsMarker(i.description, req.marker));
    return issue ? { ok: true, status: got.status, ticket: { id: String(issue.iid), url: typeof issue.web_url === 'string' ? issue.web_url : null } } : { ok: true, status: got.status };
  },

  lookups: {
    projects: {
      noun: 'project',
      config: ['project'],
      fields: ['project'],
      async list(c, q, ctx) {
        const got = await callVendor(ctx, { step: 'GitLab projects', method: 'GET', url: api(c, `/projects?membership=true&simple=true&order_by=name&sort=asc&${pageParams(q)}`), headers: auth(c) });
        if (!got.ok) return got;
        const items = (Array.isArray(got.json) ? got.json : [])
          .filter((p: any) => typeof p?.path_with_namespace === 'string')
          .map((p: any) => ({ id: String(p.path_with_namespace), name: String(p.name_with_namespace ?? p.path_with_namespace) }));
        return { ok: true, items, nextPage: nextPage(got.headers) };
      },
    },
  },

  note: (c, ticket, req, ctx) => write(c, ticket, req, ctx, false),
  close: (c, ticket, req, ctx) => write(c, ticket, req, ctx, true),

  // The project when there is one (it proves access to it); else the token's own user.
  verify: (c, ctx) => sendHttp(ctx, { method: 'GET', url: api(c, c.project ? projectPath(c.project) : '/user'), headers: auth(c) }),
};
