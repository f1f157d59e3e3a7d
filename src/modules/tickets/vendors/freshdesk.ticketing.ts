import { z } from 'zod';
import { truncate } from '../../alerts/channels/channel.text.js';
import type { ChannelContext } from '../../alerts/channels/channel.types.js';
import { type LookupPage, type LookupQuery, type TicketingAdapter, type TicketRef, type TicketRequest, ticketingCommon } from '../tickets.types.js';
import { htmlText } from './vendor.html.js';
import { basicAuth, baseUrl, callVendor, outcomeOf, recordIds, refusal, stateOf, unlessClosed } from './vendor.http.js';
import { byName, pageNumber } from '../tickets.lookups.js';

// API v2: https://developers.freshdesk.com/api/

const SUBJECT_CHARS = 255;
const OPEN = 2;
const RESOLVED = 4;
const CLOSED = 5;

/** 1 Low, 2 Medium, 3 High, 4 Urgent. */
const priority = z.number().int().min(1).max(4);
const id = z.number().int().positive();

const config = ticketingCommon.extend({
  /** https://{domain}.freshdesk.com: the API answers on Freshdesk's own domain, not on a custom one. */
  url: z.url({ protocol: /^https?$/ }),
  /** An agent's API key (Profile settings → View API key), sent as Basic `{apiKey}:X`. */
  apiKey: z.string().min(1).max(200),
  /** The requester Freshdesk requires, unless a check or group names its own `requesterEmail`; Freshdesk adds it as a contact if need be. */
  requesterEmail: z.email(),
  priorities: z.object({ high: priority.default(3), low: priority.default(1) }).prefault({}),
  /** How the ticket came in: 2 is Portal, Freshdesk's own default (1 Email, 3 Phone, 7 Chat, 9 Feedback widget, 10 Outbound email). */
  source: z.number().int().positive().default(2),
  /** The status backwatch closes with: 4 Resolved or 5 Closed. */
  closeStatus: z.union([z.literal(RESOLVED), z.literal(CLOSED)]).default(RESOLVED),
  tags: z.array(z.string().min(1).max(255)).max(20).default(['backwatch']),
  /** For checks and groups whose ticket fields name no `groupId` or `companyId`. */
  groupId: id.optional(),
  /** Only with Multiple Companies (Estate plan and above), and only a company the requester belongs to. */
  companyId: id.optional(),
});

type FreshdeskConfig = z.infer<typeof config>;

function call(c: FreshdeskConfig, ctx: ChannelContext, step: string, method: 'GET' | 'POST' | 'PUT', path: string, json?: unknown) {
  return callVendor(ctx, { step: `Freshdesk ${step}`, method, url: `${baseUrl(c.url)}/api/v2/${path}`, headers: { authorization: basicAuth(c.apiKey, 'X') }, json });
}

const ticketPath = (ticket: TicketRef, suffix = '') => `tickets/${encodeURIComponent(ticket.id)}${suffix}`;

/** Resolved, closed and deleted (trashed) tickets take no more work from us. */
const ticketState = async (c: FreshdeskConfig, ticket: TicketRef, ctx: ChannelContext) =>
  stateOf(await call(c, ctx, 'ticket', 'GET', ticketPath(ticket)), (t) => t.status === RESOLVED || t.status === CLOSED || t.deleted === true);

const privateNote = (c: FreshdeskConfig, ticket: TicketRef, body: string, ctx: ChannelContext) =>
  call(c, ctx, 'note', 'POST', ticketPath(ticket, '/notes'), { body: htmlText(body), private: true });

const requesterOf = (c: FreshdeskConfig, req: TicketRequest) => req.fields.requesterEmail?.trim() || c.requesterEmail;

const PER_PAGE = 100;
/** Freshdesk pages by number and links the next page in the Link header while there is one. */
function nextPage(headers: Record<string, string | string[] | undefined>): string | null {
  const link = [headers.link].flat().join(',');
  const next = /<([^>]+)>\s*;\s*rel="next"/.exec(link)?.[1];
  const page = next ? /[?&]page=(\d+)/.exec(next)?.[1] : undefined;
  return page ?? null;
}
const namedList = (list: unknown) =>
  (Array.isArray(list) ? list : []).filter((x: any) => Number.isInteger(x?.id) && typeof x.name === 'string').map((x: any) => ({ id: String(x.id), name: x.name as string }));

/** A list Freshdesk cannot search: the page is filtered by name. */
async function listPage(c: FreshdeskConfig, ctx: ChannelContext, step: string, path: string, q: LookupQuery): Promise<LookupPage> {
  const got = await call(c, ctx, step, 'GET', `${path}?per_page=${PER_PAGE}&page=${pageNumber(q)}`);
  if (!got.ok) return got;
  return { ok: true, items: byName(namedList(got.json), q.search), nextPage: nextPage(got.headers) };
}

const adopt = (c: FreshdeskConfig, status: number, t: any) => ({ ok: true as const, status, ticket: { id: String(t.id), url: `${baseUrl(c.url)}/a/tickets/${t.id}` } });
const carries = (t: any, marker: string) => Number.isInteger(t?.id) && Array.isArray(t.tags) && t.tags.includes(marker);

export const freshdeskTicketing: TicketingAdapter<FreshdeskConfig> = {
  type: 'freshdesk',
  kind: 'ticketing',
  config,
  secrets: ['apiKey'],
  fields: ['groupId', 'companyId', 'requesterEmail'],

  async open(c, req, ctx) {
    const ids = recordIds(req.fields, c, ['groupId', 'companyId']);
    if ('ok' in ids) return ids;
    const ticket = {
      email: requesterOf(c, req),
      subject: truncate(req.subject, SUBJECT_CHARS),
      description: htmlText(req.body),
      priority: c.priorities[req.priority],
      status: OPEN,
      source: c.source,
      tags: [...c.tags, req.marker],
      ...(ids.groupId && { group_id: ids.groupId }),
      ...(ids.companyId && { company_id: ids.companyId }),
    };
    const reply = await call(c, ctx, 'create ticket', 'POST', 'tickets', ticket);
    if (!reply.ok) return reply;
    const ticketId = reply.json?.id;
    if (typeof ticketId !== 'number') return refusal('Freshdesk created a ticket without saying its id');
    return { ok: true, status: reply.status, ticket: { id: String(ticketId), url: `${baseUrl(c.url)}/a/tickets/${ticketId}` } };
  },

  markerIn: 'a tag',
  async find(c, req, ctx) {
    // First the requester's newest tickets, read from the database: a lost create is among them at once.
    const email = encodeURIComponent(requesterOf(c, req));
    const recent = await call(c, ctx, 'tickets of the requester', 'GET', `tickets?email=${email}&order_by=created_at&order_type=desc&per_page=${PER_PAGE}`);
    if (!recent.ok) return recent;
    const listed = (Array.isArray(recent.json) ? recent.json : []).find((t: any) => carries(t, req.marker));
    if (listed) return adopt(c, recent.status, listed);
    // Then the tag through Filter Tickets, whose index Freshdesk documents as updated with a delay (minutes).
    const query = encodeURIComponent(`"tag:'${req.marker}'"`);
    const searched = await call(c, ctx, 'ticket search', 'GET', `search/tickets?query=${query}`);
    if (!searched.ok) return searched;
    const found = (Array.isArray(searched.json?.results) ? searched.json.results : []).find((t: any) => carries(t, req.marker));
    return found ? adopt(c, searched.status, found) : { ok: true, status: searched.status };
  },

  lookups: {
    groups: {
      noun: 'group',
      config: ['groupId'],
      fields: ['groupId'],
      list: (c, q, ctx) => listPage(c, ctx, 'groups', 'groups', q),
    },
    companies: {
      noun: 'company',
      config: ['companyId'],
      fields: ['companyId'],
      async list(c, q, ctx) {
        if (!q.search) return listPage(c, ctx, 'companies', 'companies', q);
        // Autocomplete matches names by their words' beginnings and answers a single list.
        const got = await call(c, ctx, 'companies', 'GET', `companies/autocomplete?name=${encodeURIComponent(q.search)}`);
        if (!got.ok) return got;
        return { ok: true, items: namedList(got.json?.companies), nextPage: null };
      },
    },
  },

  note: (c, ticket, req, ctx) => unlessClosed(ticketState(c, ticket, ctx), async () => outcomeOf(await privateNote(c, ticket, req.body, ctx))),

  close: (c, ticket, req, ctx) =>
    unlessClosed(
      ticketState(c, ticket, ctx),
      async () => outcomeOf(await privateNote(c, ticket, req.body, ctx)),
      async () => outcomeOf(await call(c, ctx, c.closeStatus === CLOSED ? 'close' : 'resolve', 'PUT', ticketPath(ticket), { status: c.closeStatus })),
    ),

  async verify(c, ctx) {
    const reply = await call(c, ctx, 'current agent', 'GET', 'agents/me');
    return outcomeOf(reply);
  },
};
