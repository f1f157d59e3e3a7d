import { z } from 'zod';
import type { ChannelContext } from '../../alerts/channels/channel.types.js';
import type { LookupItem, LookupPage, LookupQuery, TicketOutcome, TicketRef, TicketRequest, VendorLookup } from '../tickets.types.js';
import { basicAuth, baseUrl, callVendor, outcomeOf, refusal, stateOf, type TicketState, type VendorReply } from './vendor.http.js';
import { pageNumber } from '../tickets.lookups.js';

// What Jira Software (jira.ticketing.ts) and Jira Service Management (jira-service-management.ticketing.ts) share:
// the site and its credentials, REST API v2 (on Cloud and Data Center alike; Data Center has no v3), wiki text,
// the issue's state, comments, the closing transition, the search for the incident marker, and the lists.

/** The site and its credentials: Cloud takes an email and an API token (Basic), Data Center a personal access token (Bearer). */
export const siteSettings = {
  /** https://your-domain.atlassian.net, or Data Center's base URL with its context path. */
  url: z.url({ protocol: /^https?$/ }),
  email: z.email().optional(),
  apiToken: z.string().min(1).max(1000).optional(),
  personalAccessToken: z.string().min(1).max(1000).optional(),
};

export interface JiraSite {
  url: string;
  email?: string | undefined;
  apiToken?: string | undefined;
  personalAccessToken?: string | undefined;
}

/** One kind of credential, and an email with its token. */
export const withOneCredential = <T extends z.ZodType<JiraSite>>(schema: T) =>
  schema
    .refine((c) => !c.personalAccessToken !== !(c.email || c.apiToken), 'use an email and API token (Cloud) or a personal access token (Data Center)')
    .refine((c) => !c.email === !c.apiToken, 'an email and an API token go together');

/** Labels on an issue: free-form words without spaces. */
export const labelList = z.array(z.string().regex(/^\S{1,255}$/, 'a label is up to 255 characters without spaces')).max(20);

/** An Atlassian account's email and API token are only issued by Cloud; Data Center signs in with a personal access token. */
export const isCloud = (c: JiraSite) => !c.personalAccessToken;

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

export const issuePath = (ticket: TicketRef, suffix = '') => `api/2/issue/${encodeURIComponent(ticket.id)}${suffix}`;
export const browseUrl = (c: JiraSite, key: string) => `${baseUrl(c.url)}/browse/${encodeURIComponent(key)}`;

export function jiraCall(c: JiraSite, ctx: ChannelContext, step: string, method: 'GET' | 'POST', path: string, json?: unknown): Promise<VendorReply> {
  const authorization = c.personalAccessToken ? `Bearer ${c.personalAccessToken}` : basicAuth(c.email ?? '', c.apiToken ?? '');
  return callVendor(ctx, { step: `Jira ${step}`, method, url: `${baseUrl(c.url)}/rest/${path}`, headers: { authorization }, json });
}

/** An issue is closed once its status is in the "done" category, whatever the workflow calls it. */
export const issueState = async (c: JiraSite, ticket: TicketRef, ctx: ChannelContext): Promise<TicketState> =>
  stateOf(await jiraCall(c, ctx, 'issue', 'GET', issuePath(ticket, '?fields=status')), (issue) => issue.fields?.status?.statusCategory?.key === 'done');

export function comment(c: JiraSite, ticket: TicketRef, body: string, internal: boolean, ctx: ChannelContext): Promise<VendorReply> {
  // A comment made through the platform API is visible to Service Management customers; only its own API makes it internal.
  if (internal) {
    return jiraCall(c, ctx, 'internal comment', 'POST', `servicedeskapi/request/${encodeURIComponent(ticket.id)}/comment`, { body: wikiText(body), public: false });
  }
  return jiraCall(c, ctx, 'comment', 'POST', issuePath(ticket, '/comment'), { body: wikiText(body) });
}

export interface Closing {
  /** The workflow transition that closes an issue, by name (any case). */
  closeTransition: string;
  resolution?: string | undefined;
}

/** The closing comment, then the transition of the configured name; nothing is written when the workflow offers no such transition. */
export async function transitionToClose(c: JiraSite & Closing, ticket: TicketRef, req: TicketRequest, internal: boolean, ctx: ChannelContext): Promise<TicketOutcome> {
  const offered = await jiraCall(c, ctx, 'transitions', 'GET', issuePath(ticket, '/transitions'));
  if (!offered.ok) return offered;
  const transitions: { id?: string; name?: string }[] = offered.json?.transitions ?? [];
  const transition = transitions.find((t) => t.name?.toLowerCase() === c.closeTransition.toLowerCase());
  if (!transition?.id) {
    const names = transitions.map((t) => `"${t.name}"`).join(', ') || 'none';
    return refusal(`Jira offers no transition named "${c.closeTransition}" for ${ticket.id} (it offers ${names}): set closeTransition`);
  }
  const commented = await comment(c, ticket, req.body, internal, ctx);
  if (!commented.ok) return commented;
  const moved = await jiraCall(c, ctx, 'transition', 'POST', issuePath(ticket, '/transitions'), {
    transition: { id: transition.id },
    ...(c.resolution && { fields: { resolution: { name: c.resolution } } }),
  });
  return outcomeOf(moved);
}

/**
 * Where the incident marker goes: a label when the create sends labels (the create screen or request
 * type has the field), else the description's last line. Labels are free-form and searchable by JQL.
 */
export const markerInLabels = (labels: readonly string[]) => labels.length > 0;
export const MARKER_IN = 'a label (the last line of the description where labels are set to none)';
export const withMarkerLine = (description: string, req: TicketRequest, labels: readonly string[]) => (markerInLabels(labels) ? description : `${description}\n\n${req.marker}`);

const jqlString = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;

/**
 * The issue carrying the marker, by a JQL search scoped to `scope` (a JQL clause such as project = "OPS").
 * Cloud's search is /search/jql (the older /search was removed there), which Atlassian documents as eventually
 * consistent (recent changes may not show yet); Data Center's /search reads its own index, written with the issue.
 */
export async function findByMarker(c: JiraSite, scope: string, req: TicketRequest, labels: readonly string[], ctx: ChannelContext): Promise<TicketOutcome> {
  const inLabels = markerInLabels(labels);
  // "~" is a text search: the phrase matches the marker's words, so the answer is checked for the marker itself.
  const where = inLabels ? `labels = ${jqlString(req.marker)}` : `description ~ ${jqlString(jqlString(req.marker))}`;
  const query = new URLSearchParams({ jql: `${scope} AND ${where} ORDER BY created ASC`, fields: 'labels,description', maxResults: '20' });
  const got = await jiraCall(c, ctx, 'issue search', 'GET', `${isCloud(c) ? 'api/2/search/jql' : 'api/2/search'}?${query}`);
  if (!got.ok) return got;
  const issues: any[] = Array.isArray(got.json?.issues) ? got.json.issues : [];
  const issue = issues.find(
    (i) =>
      typeof i?.key === 'string' &&
      (inLabels ? Array.isArray(i.fields?.labels) && i.fields.labels.includes(req.marker) : typeof i.fields?.description === 'string' && i.fields.description.split('\n').some((l: string) => l.trim() === req.marker)),
  );
  return issue ? { ok: true, status: got.status, ticket: { id: issue.key, url: browseUrl(c, issue.key) } } : { ok: true, status: got.status };
}

// The lists.

export const PAGE_SIZE = 50;
const matches = (q: LookupQuery, ...names: unknown[]) => !q.search || names.some((n) => typeof n === 'string' && n.toLowerCase().includes(q.search!.toLowerCase()));

/** A page Jira counts by offset (startAt or start): the next page starts after this one, unless this is the last. */
function offsetPage(q: LookupQuery, values: any[], last: boolean, items: LookupItem[]): LookupPage {
  return { ok: true, items, nextPage: last || values.length === 0 ? null : String(pageNumber(q, 0) + values.length) };
}

const named = (values: any[], id: (v: any) => unknown, name: (v: any) => unknown): LookupItem[] =>
  values.filter((v) => (typeof id(v) === 'string' || typeof id(v) === 'number') && typeof name(v) === 'string').map((v) => ({ id: String(id(v)), name: String(name(v)) }));

/** Priorities go by name in the create, so a priority's id here is its name. */
export function priorityLookup<C extends JiraSite>(): VendorLookup<C> {
  return {
    noun: 'priority',
    config: ['priorities.high', 'priorities.low'],
    async list(c, q, ctx) {
      if (!isCloud(c)) {
        // Data Center lists every priority at once, unpaged.
        const got = await jiraCall(c, ctx, 'priorities', 'GET', 'api/2/priority');
        if (!got.ok) return got;
        const all = Array.isArray(got.json) ? got.json : [];
        return { ok: true, items: named(all.filter((p) => matches(q, p?.name)), (p) => p.name, (p) => p.name), nextPage: null };
      }
      const query = new URLSearchParams({ startAt: String(pageNumber(q, 0)), maxResults: String(PAGE_SIZE), ...(q.search && { priorityName: q.search }) });
      const got = await jiraCall(c, ctx, 'priorities', 'GET', `api/2/priority/search?${query}`);
      if (!got.ok) return got;
      const values = Array.isArray(got.json?.values) ? got.json.values : [];
      return offsetPage(q, values, got.json?.isLast !== false, named(values, (p) => p.name, (p) => p.name));
    },
  };
}

/** The projects the account can browse, by key (what projectKey takes). */
export function projectLookup<C extends JiraSite>(): VendorLookup<C> {
  return {
    noun: 'project',
    config: ['projectKey'],
    fields: ['projectKey'],
    async list(c, q, ctx) {
      if (!isCloud(c)) {
        // Data Center has no paged project search: GET /project answers every project the user can browse.
        const got = await jiraCall(c, ctx, 'projects', 'GET', 'api/2/project');
        if (!got.ok) return got;
        const all = Array.isArray(got.json) ? got.json : [];
        return { ok: true, items: named(all.filter((p) => matches(q, p?.name, p?.key)), (p) => p.key, (p) => p.name), nextPage: null };
      }
      const query = new URLSearchParams({ startAt: String(pageNumber(q, 0)), maxResults: String(PAGE_SIZE), orderBy: 'key', ...(q.search && { query: q.search }) });
      const got = await jiraCall(c, ctx, 'projects', 'GET', `api/2/project/search?${query}`);
      if (!got.ok) return got;
      const values = Array.isArray(got.json?.values) ? got.json.values : [];
      return offsetPage(q, values, got.json?.isLast !== false, named(values, (p) => p.key, (p) => p.name));
    },
  };
}

/** A project's issue types (not sub-tasks, which need a parent issue), by name as issueType takes them. */
export function issueTypeLookup<C extends JiraSite>(): VendorLookup<C> {
  return {
    noun: 'issue type',
    config: ['issueType'],
    fields: ['issueType'],
    parent: 'projectKey',
    async list(c, q, ctx) {
      if (!q.parent) return refusal('choose a project first');
      const got = await jiraCall(c, ctx, 'project', 'GET', `api/2/project/${encodeURIComponent(q.parent)}`);
      if (!got.ok) return got;
      const types = (Array.isArray(got.json?.issueTypes) ? got.json.issueTypes : []).filter((t: any) => t?.subtask !== true && matches(q, t?.name));
      return { ok: true, items: named(types, (t) => t.name, (t) => t.name), nextPage: null };
    },
  };
}

/** The service desks (Service Management projects) the account can see, by id; they cannot be searched by name, so a page is filtered. */
export function serviceDeskLookup<C extends JiraSite>(): VendorLookup<C> {
  return {
    noun: 'service desk',
    config: ['serviceDeskId'],
    fields: ['serviceDeskId'],
    async list(c, q, ctx) {
      const got = await jiraCall(c, ctx, 'service desks', 'GET', `servicedeskapi/servicedesk?start=${pageNumber(q, 0)}&limit=${PAGE_SIZE}`);
      if (!got.ok) return got;
      const values = Array.isArray(got.json?.values) ? got.json.values : [];
      const items = named(values.filter((d: any) => matches(q, d?.projectName, d?.projectKey)), (d) => d.id, (d) => d.projectName);
      return offsetPage(q, values, got.json?.isLastPage !== false, items);
    },
  };
}

/** A service desk's request types, by id. */
export function requestTypeLookup<C extends JiraSite>(): VendorLookup<C> {
  return {
    noun: 'request type',
    config: ['requestTypeId'],
    fields: ['requestTypeId'],
    parent: 'serviceDeskId',
    async list(c, q, ctx) {
      if (!q.parent) return refusal('choose a service desk first');
      if (!/^\d{1,18}$/.test(q.parent)) return refusal(`service desk "${q.parent}" is not a service desk id`);
      // Cloud searches names and descriptions itself; the search hides request types not shown on the portal unless told not to.
      // Data Center's list takes no search, so its page is filtered here.
      const search = q.search && isCloud(c) ? `&searchQuery=${encodeURIComponent(q.search)}&includeHiddenRequestTypesInSearch=true` : '';
      const got = await jiraCall(c, ctx, 'request types', 'GET', `servicedeskapi/servicedesk/${q.parent}/requesttype?start=${pageNumber(q, 0)}&limit=${PAGE_SIZE}${search}`);
      if (!got.ok) return got;
      const values = Array.isArray(got.json?.values) ? got.json.values : [];
      const kept = search ? values : values.filter((t: any) => matches(q, t?.name));
      return offsetPage(q, values, got.json?.isLastPage !== false, named(kept, (t) => t.id, (t) => t.name));
    },
  };
}
