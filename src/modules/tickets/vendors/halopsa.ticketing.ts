import { createHash } from 'node:crypto';
import { z } from 'zod';
import { truncate } from '../../alerts/channels/channel.text.js';
import type { ChannelContext } from '../../alerts/channels/channel.types.js';
import { type LookupItem, type LookupPage, type LookupQuery, type TicketingAdapter, type TicketOutcome, type TicketRef, type TicketRequest, ticketingCommon } from '../tickets.types.js';
import { baseUrl, callVendor, type Failure, outcomeOf, recordId, recordIds, refusal, stateOf, unlessClosed, type VendorReply } from './vendor.http.js';
import { holdsMarker } from './vendor.marker.js';
import { byName } from '../tickets.lookups.js';

const id = z.number().int().positive();

const config = ticketingCommon.extend({
  /** The Halo resource server, e.g. https://acme.halopsa.com (the API is under /api). */
  url: z.url({ protocol: /^https?$/ }),
  /** The authorisation server; by default the resource server's /auth. */
  authUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Hosted (halopsa.com) instances only: the tenant name shown under Configuration > Integrations > Halo API. */
  tenant: z.string().min(1).optional(),
  /** The API application (Client Credentials), acting as its agent. */
  apiClientId: z.string().min(1),
  apiClientSecret: z.string().min(1),
  scope: z.string().min(1).default('all'),
  /** Defaults for checks and groups without their own: the customer (Halo client) and its site. */
  clientId: id.optional(),
  siteId: id.optional(),
  /** The ticket type of new tickets; Halo's default type when unset. */
  ticketTypeId: id.optional(),
  /** Priority ids; Halo ships 1 Critical, 2 High, 3 Medium, 4 Low. */
  priorities: z.object({ high: id.default(2), low: id.default(4) }).default({ high: 2, low: 4 }),
  /** The action outcome notes are added with (7: Halo's private note). */
  noteOutcomeId: id.default(7),
  /** The status a recovery sets (9: Closed), and every status that means closed. */
  closedStatusId: id.default(9),
  closedStatusIds: z.array(id).min(1).default([9]),
});

type HaloConfig = z.infer<typeof config>;

const SUMMARY_MAX = 255;
/** Refresh this long before the token's stated expiry, so a request never carries one that lapses in flight. */
const EXPIRY_MARGIN_MS = 60_000;

/** Access tokens by application and server, so every channel with the same settings shares one. */
const tokens = new Map<string, { token: string; expiresAt: number }>();

const api = (c: HaloConfig) => `${baseUrl(c.url)}/api`;

function tokenUrl(c: HaloConfig) {
  const url = new URL(`${baseUrl(c.authUrl ?? `${baseUrl(c.url)}/auth`)}/token`);
  if (c.tenant) url.searchParams.set('tenant', c.tenant);
  return url.toString();
}

const tokenKey = (c: HaloConfig) => createHash('sha256').update(JSON.stringify([tokenUrl(c), c.apiClientId, c.apiClientSecret, c.scope])).digest('hex');

async function accessToken(c: HaloConfig, ctx: ChannelContext): Promise<string | Failure> {
  const cached = tokens.get(tokenKey(c));
  if (cached && cached.expiresAt > Date.now()) return cached.token;
  const form = { grant_type: 'client_credentials', client_id: c.apiClientId, client_secret: c.apiClientSecret, scope: c.scope };
  const reply = await callVendor(ctx, { method: 'POST', url: tokenUrl(c), headers: {}, form });
  if (!reply.ok) return { ...reply, error: `token request: ${reply.error}` };
  const token = reply.json?.access_token;
  if (typeof token !== 'string' || !token) return refusal('Halo answered the token request without an access_token', reply.status);
  const lifetime = Number(reply.json.expires_in) > 0 ? Number(reply.json.expires_in) * 1000 : 3_600_000;
  tokens.set(tokenKey(c), { token, expiresAt: Date.now() + lifetime - EXPIRY_MARGIN_MS });
  return token;
}

/** One API request with the bearer token; a 401 (revoked or expired early) fetches a new token and tries once more. */
async function call(c: HaloConfig, ctx: ChannelContext, req: { method: string; path: string; json?: unknown }): Promise<VendorReply> {
  for (let attempt = 0; ; attempt++) {
    const token = await accessToken(c, ctx);
    if (typeof token !== 'string') return token;
    const reply = await callVendor(ctx, { method: req.method, url: `${api(c)}${req.path}`, headers: { authorization: `Bearer ${token}` }, json: req.json });
    if (reply.ok || reply.status !== 401 || attempt > 0) return reply;
    tokens.delete(tokenKey(c));
  }
}

/** Halo shows details and notes as HTML: the text escaped, its lines kept. */
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, '<br>');

/** The ticket as it is now; one deleted counts as closed, so the next problem opens a new one. */
async function ticketState(c: HaloConfig, ticket: TicketRef, ctx: ChannelContext) {
  const reply = await call(c, ctx, { method: 'GET', path: `/Tickets/${encodeURIComponent(ticket.id)}` });
  return stateOf(reply, (t) => c.closedStatusIds.includes(t.status_id));
}

/** A private note (hidden from the end user); with `newStatus`, the same action closes the ticket. */
async function addAction(c: HaloConfig, ticket: TicketRef, req: TicketRequest, ctx: ChannelContext, newStatus?: number): Promise<TicketOutcome> {
  const action = { ticket_id: Number(ticket.id), outcome_id: c.noteOutcomeId, note_html: html(req.body), hiddenfromuser: true, ...(newStatus ? { new_status: newStatus } : {}) };
  const reply = await call(c, ctx, { method: 'POST', path: '/Actions', json: [action] });
  return outcomeOf(reply);
}

/**
 * The marker as a last, small line of the details. It stays visible: Halo may clean what it is given as HTML,
 * and a marker it dropped could not be searched for.
 */
const withMarker = (detailsHtml: string, req: TicketRequest) => `${detailsHtml}<br><br><small>${html(req.marker)}</small>`;

const ticketUrl = (c: HaloConfig, ticketId: number) => `${baseUrl(c.url)}/ticket?id=${ticketId}`;


/**
 * Finds the ticket a create made: `search_details` narrows the tickets, then each candidate is read
 * in full to confirm its details hold the marker (the list does not return the details).
 */
async function findByMarker(c: HaloConfig, req: TicketRequest, ctx: ChannelContext): Promise<TicketOutcome> {
  const ids = recordIds(req.fields, c, ['clientId']);
  const client = 'ok' in ids ? undefined : ids.clientId;
  const query = new URLSearchParams({ search_details: req.marker, ...(client ? { client_id: String(client) } : {}), pageinate: 'true', page_size: '10', page_no: '1' });
  const got = await call(c, ctx, { method: 'GET', path: `/Tickets?${query}` });
  if (!got.ok) return { ...got, error: `Halo ticket search: ${got.error}` };
  const candidates: number[] = (Array.isArray(got.json?.tickets) ? got.json.tickets : []).map((t: any) => recordId(t?.id)).filter(Boolean);
  for (const id of candidates) {
    const ticket = await call(c, ctx, { method: 'GET', path: `/Tickets/${id}` });
    // A candidate deleted meanwhile is not the one; any other failure leaves the question open.
    if (!ticket.ok && ticket.status === 404) continue;
    if (!ticket.ok) return ticket;
    const details = `${ticket.json?.details_html ?? ''}\n${ticket.json?.details ?? ''}`;
    if (holdsMarker(details, req.marker)) return { ok: true, status: ticket.status, ticket: { id: String(id), url: ticketUrl(c, id) } };
  }
  return { ok: true, status: got.status };
}

const PAGE_SIZE = 50;

/** A list Halo pages (`pageinate`, `page_size`, `page_no`, with `record_count` in the answer) and searches by `search`. */
async function pagedList(c: HaloConfig, ctx: ChannelContext, what: string, path: string, key: string, q: LookupQuery, extra: Record<string, string> = {}): Promise<LookupPage> {
  const page = q.page && /^[1-9]\d{0,5}$/.test(q.page) ? Number(q.page) : 1;
  const query = new URLSearchParams({ ...extra, ...(q.search?.trim() ? { search: q.search.trim() } : {}), pageinate: 'true', page_size: String(PAGE_SIZE), page_no: String(page) });
  const got = await call(c, ctx, { method: 'GET', path: `${path}?${query}` });
  if (!got.ok) return { ...got, error: `Halo ${what}: ${got.error}` };
  const items = (Array.isArray(got.json?.[key]) ? got.json[key] : [])
    .filter((i: any) => recordId(i?.id) && typeof i.name === 'string')
    .map((i: any) => ({ id: String(i.id), name: String(i.name) }));
  const total = Number(got.json?.record_count);
  return { ok: true, items, nextPage: Number.isFinite(total) && page * PAGE_SIZE < total ? String(page + 1) : null };
}

/** A list Halo answers whole (statuses, ticket types, priorities, outcomes): searched here by name, one page. */
async function wholeList(c: HaloConfig, ctx: ChannelContext, what: string, path: string, q: LookupQuery, item: (i: any) => LookupItem | null): Promise<LookupPage> {
  const got = await call(c, ctx, { method: 'GET', path });
  if (!got.ok) return { ...got, error: `Halo ${what}: ${got.error}` };
  const seen = new Set<string>();
  const items = (Array.isArray(got.json) ? got.json : [])
    .map(item)
    .filter((i: LookupItem | null): i is LookupItem => !!i && !seen.has(i.id) && !!seen.add(i.id));
  return { ok: true, items: byName(items, q.search), nextPage: null };
}

const named = (id: unknown, name: unknown): LookupItem | null => (recordId(id as string) && typeof name === 'string' ? { id: String(id), name } : null);

export const halopsaTicketing: TicketingAdapter<HaloConfig> = {
  type: 'halopsa',
  kind: 'ticketing',
  config,
  secrets: ['apiClientSecret'],
  fields: ['clientId', 'siteId', 'assetId'],

  async open(c, req, ctx) {
    const ids = recordIds(req.fields, c, ['clientId', 'siteId']);
    if ('ok' in ids) return ids;
    if (!ids.clientId) return refusal('no clientId: set one on the check, its group or the channel');
    const asset = req.fields.assetId?.trim() ?? '';
    const assetId = recordId(asset);
    const ticket = {
      summary: truncate(req.subject, SUMMARY_MAX),
      details_html: withMarker(html(req.body), req),
      client_id: ids.clientId,
      priority_id: c.priorities[req.priority],
      ...(ids.siteId ? { site_id: ids.siteId } : {}),
      ...(c.ticketTypeId ? { tickettype_id: c.ticketTypeId } : {}),
      ...(assetId ? { assets: [{ id: assetId }] } : {}),
    };
    const reply = await call(c, ctx, { method: 'POST', path: '/Tickets', json: [ticket] });
    if (!reply.ok) return reply;
    const created = Array.isArray(reply.json) ? reply.json[0] : reply.json;
    const ticketId = recordId(created?.id);
    if (!ticketId) return refusal('Halo answered without the new ticket id', reply.status);
    const skipped = asset && !assetId ? { response: `assetId "${asset}" is not a Halo asset id, so no asset was linked` } : {};
    return { ok: true, status: reply.status, ticket: { id: String(ticketId), url: ticketUrl(c, ticketId) }, ...skipped };
  },

  markerIn: 'a small last line of the details (found with `search_details`)',
  find: findByMarker,

  lookups: {
    clients: { noun: 'client', config: ['clientId'], fields: ['clientId'], list: (c, q, ctx) => pagedList(c, ctx, 'clients', '/Client', 'clients', q) },
    sites: {
      noun: 'site',
      config: ['siteId'],
      fields: ['siteId'],
      parent: 'clientId',
      list(c, q, ctx) {
        const client = recordId(q.parent);
        if (!client) return Promise.resolve(refusal('choose a client first'));
        return pagedList(c, ctx, 'sites', '/Site', 'sites', q, { client_id: String(client) });
      },
    },
    tickettypes: { noun: 'ticket type', config: ['ticketTypeId'], list: (c, q, ctx) => wholeList(c, ctx, 'ticket types', '/TicketType', q, (t) => named(t?.id, t?.name)) },
    // A priority belongs to an SLA; a ticket's priority_id is the priority's number within it, the same across SLAs.
    priorities: { noun: 'priority', config: ['priorities.high', 'priorities.low'], list: (c, q, ctx) => wholeList(c, ctx, 'priorities', '/Priority', q, (p) => named(p?.priorityid ?? p?.id, p?.name)) },
    statuses: { noun: 'status', config: ['closedStatusId', 'closedStatusIds'], list: (c, q, ctx) => wholeList(c, ctx, 'statuses', '/Status', q, (s) => named(s?.id, s?.name)) },
    outcomes: { noun: 'outcome', config: ['noteOutcomeId'], list: (c, q, ctx) => wholeList(c, ctx, 'outcomes', '/Outcome', q, (o) => named(o?.id, o?.outcome ?? o?.name)) },
  },

  note: (c, ticket, req, ctx) => unlessClosed(ticketState(c, ticket, ctx), () => addAction(c, ticket, req, ctx)),

  close: (c, ticket, req, ctx) => unlessClosed(ticketState(c, ticket, ctx), () => addAction(c, ticket, req, ctx, c.closedStatusId)),

  verify: async (c, ctx) => outcomeOf(await call(c, ctx, { method: 'GET', path: '/Tickets?count=1' })),
};
