import { z } from 'zod';
import { accessToken } from '../../alerts/channels/channel.grant.js';
import { checkLink, truncate } from '../../alerts/channels/channel.text.js';
import type { ChannelContext } from '../../alerts/channels/channel.types.js';
import { type LookupQuery, type TicketingAdapter, type TicketOutcome, type TicketRef, type TicketRequest, ticketingCommon } from '../tickets.types.js';
import { type LoginConfig, redeemDeviceCode, refreshGrant, startDeviceCode } from './microsoft-todo.login.js';
import { MAX_NOTE, MAX_TITLE, withNote } from './microsoft-todo.notes.js';
import { baseUrl, callVendor, outcomeOf, refusal, type VendorCall, type VendorReply } from './vendor.http.js';
import { byName } from '../tickets.lookups.js';

// Microsoft Graph v1.0, To Do: https://learn.microsoft.com/graph/api/resources/todotask

/** Graph's ids are base64 (either alphabet, padded); nothing else belongs in a path. */
const graphId = z.string().regex(/^[A-Za-z0-9+/_=-]{1,512}$/, 'a To Do list id');

const config = ticketingCommon.extend({
  /** Graph's v1.0 endpoint (national clouds have their own). */
  apiUrl: z.url({ protocol: /^https?$/ }).default('https://graph.microsoft.com/v1.0'),
  loginUrl: z.url({ protocol: /^https?$/ }).default('https://login.microsoftonline.com'),
  /** organizations (work or school accounts), common (personal ones too), consumers, or a tenant's id or domain. */
  tenant: z.string().regex(/^[\w.-]{1,100}$/, 'organizations, common, consumers, or a tenant id or domain').default('organizations'),
  /** The Application (client) ID of the administrator's app registration, with public client flows allowed. */
  clientId: z.guid({ error: 'the Application (client) ID, a GUID' }),
  /** Where tasks go when the check and its group name no `listId`. */
  listId: graphId.optional(),
});

type ToDoConfig = z.infer<typeof config>;

const login = (c: ToDoConfig): LoginConfig => ({ loginUrl: c.loginUrl, tenant: c.tenant, clientId: c.clientId });

/** A task is kept as `<list id>:<task id>`: a task's id means nothing outside its list, and ':' is in neither. */
const refOf = (listId: string, taskId: string): TicketRef => ({ id: `${listId}:${taskId}`, url: null });
function taskPath(ticket: TicketRef): string | null {
  const [listId, taskId, ...rest] = ticket.id.split(':');
  if (rest.length || !graphId.safeParse(listId).success || !graphId.safeParse(taskId).success) return null;
  return `/me/todo/lists/${encodeURIComponent(listId!)}/tasks/${encodeURIComponent(taskId!)}`;
}

/**
 * One Graph request as the channel's account. A token Graph turns away before its time
 * (a revoked session, a changed password) is refreshed once and the request sent again.
 */
async function graph(c: ToDoConfig, ctx: ChannelContext, call: Omit<VendorCall, 'url' | 'headers'> & { path: string }): Promise<VendorReply> {
  const refresh = (refreshToken: string) => refreshGrant(login(c), ctx, refreshToken);
  const send = (token: string) => callVendor(ctx, { ...call, url: `${baseUrl(c.apiUrl)}${call.path}`, headers: { authorization: `Bearer ${token}` } });
  const first = await accessToken(ctx.grant, refresh);
  if (!first.ok) return first;
  const reply = await send(first.token);
  if (reply.ok || reply.status !== 401) return reply;
  const again = await accessToken(ctx.grant, refresh, first.token);
  return again.ok ? send(again.token) : again;
}

const APPLICATION = 'backwatch';

/**
 * The check's page as a linked resource, which To Do shows as a link on the task; its externalId,
 * the item's id in the partner application, is the marker (not shown on the task).
 */
function linkedResources(req: TicketRequest) {
  const link = checkLink(req.view);
  return link && /^https?:\/\/\S+$/.test(link)
    ? [{ webUrl: link, applicationName: APPLICATION, displayName: truncate(req.view.check.name, MAX_TITLE), externalId: req.marker }]
    : [];
}

const hasMarker = (task: any, marker: string) =>
  Array.isArray(task?.linkedResources) && task.linkedResources.some((l: any) => l?.applicationName === APPLICATION && l.externalId === marker);

const PAGING = ['$top', '$skip', '$skiptoken'];
/**
 * Graph pages with @odata.nextLink. Only its paging parameters are kept (as the page a console
 * sends back), and put on our own path: a link is never followed to wherever it points.
 */
function pageOf(nextLink: unknown): string | null {
  if (typeof nextLink !== 'string') return null;
  try {
    const params = new URL(nextLink).searchParams;
    const kept = new URLSearchParams([...params].filter(([k]) => PAGING.includes(k)));
    return kept.has('$skip') || kept.has('$skiptoken') ? kept.toString() : null;
  } catch {
    return null;
  }
}
function pageParams(page: string | null, first: Record<string, string>): URLSearchParams {
  const given = page ? new URLSearchParams([...new URLSearchParams(page)].filter(([k]) => PAGING.includes(k))) : null;
  return given && [...given.keys()].length ? given : new URLSearchParams(first);
}

const TASK_PAGE = '100';
/** Enough pages of a list's tasks to come to one created minutes ago; a list larger than this is not searched to its end. */
const MAX_TASK_PAGES = 20;
const LIST_PAGE = '50';

/** Adds the note (and completes the task) unless a person completed or deleted it. */
async function write(c: ToDoConfig, ticket: TicketRef, req: TicketRequest, ctx: ChannelContext, complete: boolean): Promise<TicketOutcome> {
  const path = taskPath(ticket);
  if (!path) return refusal(`cannot tell the list and task of To Do task ${ticket.id}`);
  const got = await graph(c, ctx, { step: 'To Do task', method: 'GET', path });
  if (!got.ok) return got.status === 404 ? { ok: true, status: 404, alreadyClosed: true } : got;
  const task = got.json ?? {};
  if (typeof task.status !== 'string') return refusal('unexpected answer: the task has no status', got.status);
  if (task.status === 'completed') return { ok: true, status: got.status, alreadyClosed: true };
  const json = { body: { content: withNote(task.body, req.body), contentType: 'html' }, ...(complete ? { status: 'completed' } : {}) };
  return outcomeOf(await graph(c, ctx, { step: complete ? 'To Do completion' : 'To Do note', method: 'PATCH', path, json }));
}

export const microsoftTodoTicketing: TicketingAdapter<ToDoConfig> = {
  type: 'microsoft-todo',
  kind: 'ticketing',
  config,
  // The grant the account signed in with is the secret, sealed apart from the config (see GrantStore).
  secrets: [],
  fields: ['listId'],
  authorization: 'device-code',

  async open(c, req, ctx) {
    const listId = req.fields.listId?.trim() || c.listId;
    if (!listId) return refusal('no To Do list: set listId on the check, its group or the channel');
    if (!graphId.safeParse(listId).success) return refusal(`listId "${truncate(listId, 40)}" is not a To Do list id`);
    const json = {
      title: truncate(req.subject, MAX_TITLE),
      body: { content: truncate(req.body, MAX_NOTE), contentType: 'text' },
      importance: req.priority === 'high' ? 'high' : 'normal',
      linkedResources: linkedResources(req),
    };
    const created = await graph(c, ctx, { step: 'To Do task', method: 'POST', path: `/me/todo/lists/${encodeURIComponent(listId)}/tasks`, json });
    if (!created.ok) return created;
    const taskId: unknown = created.json?.id;
    if (typeof taskId !== 'string' || !graphId.safeParse(taskId).success) return refusal('unexpected answer: the new task has no id', created.status);
    return { ok: true, status: created.status, ticket: refOf(listId, taskId) };
  },

  markerIn: "the external id (externalId) of the task's backwatch linked resource",
  // Graph documents no filter on a task's linked resources: the list's tasks are read with them
  // expanded ($expand=linkedResources), page by page, and the marker looked for in each.
  async find(c, req, ctx) {
    const listId = req.fields.listId?.trim() || c.listId;
    if (!listId || !graphId.safeParse(listId).success) return { ok: true };
    const path = `/me/todo/lists/${encodeURIComponent(listId)}/tasks`;
    let page: string | null = null;
    for (let n = 0; n < MAX_TASK_PAGES; n++) {
      const params = pageParams(page, { $top: TASK_PAGE });
      params.set('$expand', 'linkedResources');
      const got = await graph(c, ctx, { step: 'To Do tasks', method: 'GET', path: `${path}?${params}` });
      if (!got.ok) return got.status === 404 ? { ok: true, status: 404 } : got;
      const task = (Array.isArray(got.json?.value) ? got.json.value : []).find((t: any) => hasMarker(t, req.marker) && graphId.safeParse(t.id).success);
      if (task) return { ok: true, status: got.status, ticket: refOf(listId, task.id) };
      page = pageOf(got.json?.['@odata.nextLink']);
      if (!page) return { ok: true, status: got.status };
    }
    return { ok: true };
  },

  lookups: {
    lists: {
      noun: 'task list',
      config: ['listId'],
      fields: ['listId'],
      async list(c, q: LookupQuery, ctx) {
        // Without $top Graph stops at the first page and gives no nextLink (learn.microsoft.com/answers/questions/557174).
        const params = pageParams(q.page, { $top: LIST_PAGE });
        const got = await graph(c, ctx, { step: 'To Do lists', method: 'GET', path: `/me/todo/lists?${params}` });
        if (!got.ok) return got;
        const items = (Array.isArray(got.json?.value) ? got.json.value : [])
          .filter((l: any) => graphId.safeParse(l?.id).success && typeof l.displayName === 'string')
          .map((l: any) => ({ id: l.id as string, name: l.displayName as string }));
        return { ok: true, items: byName(items, q.search), nextPage: pageOf(got.json?.['@odata.nextLink']) };
      },
    },
  },

  note: (c, ticket, req, ctx) => write(c, ticket, req, ctx, false),
  close: (c, ticket, req, ctx) => write(c, ticket, req, ctx, true),

  // The account, and the default list when there is one (it proves the list is the account's).
  async verify(c, ctx) {
    const me = await graph(c, ctx, { step: 'Graph /me', method: 'GET', path: '/me' });
    if (!me.ok || !c.listId) return outcomeOf(me);
    return outcomeOf(await graph(c, ctx, { step: 'To Do list', method: 'GET', path: `/me/todo/lists/${encodeURIComponent(c.listId)}` }));
  },

  startDeviceCode: (c, ctx) => startDeviceCode(login(c), ctx),

  async pollDeviceCode(c, deviceCode, ctx) {
    const got = await redeemDeviceCode(login(c), deviceCode, ctx);
    if (!('state' in got) || got.state !== 'tokens') return got;
    // The code is spent: the grant is kept even if the account's name cannot be read now.
    const me = await callVendor(ctx, { method: 'GET', url: `${baseUrl(c.apiUrl)}/me`, headers: { authorization: `Bearer ${got.accessToken}` } });
    const named = me.ok ? [me.json?.userPrincipalName, me.json?.mail, me.json?.displayName].find((v) => typeof v === 'string' && v) : undefined;
    return { state: 'connected', refreshToken: got.refreshToken, accessToken: got.accessToken, expiresIn: got.expiresIn, account: named ?? 'an account whose name Graph did not give' };
  },
};
