import { z } from 'zod';
import { sendHttp } from '../../alerts/channels/channel.http.js';
import { truncate } from '../../alerts/channels/channel.text.js';
import type { ChannelContext } from '../../alerts/channels/channel.types.js';
import { type LookupItem, type LookupPage, type LookupQuery, type TicketingAdapter, type TicketRef, type TicketRequest, ticketingCommon } from '../tickets.types.js';
import { baseUrl, callVendor, refusal, type TicketState, unlessClosed } from './vendor.http.js';
import { holdsMarker } from './vendor.marker.js';
import { byName, pageNumber } from '../tickets.lookups.js';

const syncroId = z.string().regex(/^\d+$/, 'a Syncro id is a number');

const config = ticketingCommon.extend({
  /** The account's address, https://<subdomain>.syncromsp.com. */
  url: z.url({ protocol: /^https?$/ }),
  apiKey: z.string().min(1),
  /** The customer for checks and groups that name none (their `customerId` field wins). */
  customerId: syncroId.optional(),
  /** One of the account's ticket issue types (Admin > Tickets - Preferences); a `problemType` field wins. */
  problemType: z.string().min(1).max(100).default('Other'),
  /** Ticket priorities as the account spells them; an empty one leaves the priority unset. */
  priorities: z.object({ high: z.string().max(50).default('1 High'), low: z.string().max(50).default('3 Low') }).default({ high: '1 High', low: '3 Low' }),
  newStatus: z.string().min(1).default('New'),
  resolvedStatus: z.string().min(1).default('Resolved'),
  /** Statuses in which a person has finished the ticket, besides any that starts with "Resolved". */
  closedStatuses: z.array(z.string().min(1)).default(['Resolved', 'Invoiced']),
});

type SyncroConfig = z.infer<typeof config>;

// Syncro documents no limit; subjects are kept to a database string's 255.
const SUBJECT_MAX = 255;

const base = (c: SyncroConfig) => baseUrl(c.url);
const api = (c: SyncroConfig, path: string) => `${base(c)}/api/v1${path}`;
const auth = (c: SyncroConfig) => ({ authorization: `Bearer ${c.apiKey}` });
const ticketPath = (ticket: TicketRef) => `/tickets/${encodeURIComponent(ticket.id)}`;

// Hidden and not emailed: the customer's contacts hear about backups from the MSP, not from backwatch.
// The subjects are "Update" menu values that leave the ticket's status as it is.
const comment = (subject: 'Issue' | 'Update' | 'Completed', body: string) => ({ subject, body, hidden: true, do_not_email: true });

// Syncro treats a custom status that begins with "Resolved" like "Resolved" itself.
const isClosed = (c: SyncroConfig, status: string) => /^resolved\b/i.test(status) || status === c.resolvedStatus || c.closedStatuses.includes(status);

async function fetchState(c: SyncroConfig, ticket: TicketRef, ctx: ChannelContext): Promise<TicketState> {
  if (!/^\d+$/.test(ticket.id)) return refusal(`"${ticket.id}" is not a Syncro ticket id`);
  const got = await callVendor(ctx, { method: 'GET', url: api(c, ticketPath(ticket)), headers: auth(c) });
  if (!got.ok) return got;
  const status: unknown = got.json?.ticket?.status;
  if (typeof status !== 'string') return refusal('unexpected answer: the ticket has no status', got.status);
  return { ok: true, status: got.status, closed: isClosed(c, status) };
}

const addComment = (c: SyncroConfig, ticket: TicketRef, payload: ReturnType<typeof comment>, ctx: ChannelContext) =>
  sendHttp(ctx, { method: 'POST', url: api(c, `${ticketPath(ticket)}/comment`), headers: { ...auth(c), 'content-type': 'application/json' }, body: JSON.stringify(payload) });

/** The first comment, hidden from the customer already, ends with the marker for `find`. */
const withMarker = (body: string, req: TicketRequest) => `${body}\n\n${req.marker}`;


const customerOf = (c: SyncroConfig, req: TicketRequest) => req.fields.customerId || c.customerId;

/** How many of a search's tickets `find` reads whole when the list leaves their comments out. */
const MAX_CANDIDATES = 5;

const names = (list: unknown): string[] =>
  (Array.isArray(list) ? list : []).map((x: any) => (typeof x === 'string' ? x : x?.name)).filter((x): x is string => typeof x === 'string' && x !== '');

/** A fixed list of names (the ticket settings'), filtered by the search. */
function nameList(all: string[], q: LookupQuery): LookupPage {
  return { ok: true, items: byName(all.map((n): LookupItem => ({ id: n, name: n })), q.search), nextPage: null };
}

const settings = (c: SyncroConfig, ctx: ChannelContext) => callVendor(ctx, { step: 'Syncro ticket settings', method: 'GET', url: api(c, '/tickets/settings'), headers: auth(c) });

export const syncroTicketing: TicketingAdapter<SyncroConfig> = {
  type: 'syncro',
  kind: 'ticketing',
  config,
  secrets: ['apiKey'],
  fields: ['customerId', 'assetId', 'problemType'],

  async open(c, req, ctx) {
    const customerId = customerOf(c, req);
    if (!customerId) return refusal('no Syncro customer: set customerId on the check, its group or the channel');
    if (!/^\d+$/.test(customerId)) return refusal(`customerId "${customerId}" is not a Syncro customer id`);
    const priority = c.priorities[req.priority];
    // The check's asset is linked only when it is a Syncro asset id; the body names it either way.
    const assetId = req.fields.assetId ?? '';
    const created = await callVendor(ctx, {
      method: 'POST',
      url: api(c, '/tickets'),
      headers: auth(c),
      json: {
        customer_id: Number(customerId),
        subject: truncate(req.subject, SUBJECT_MAX),
        problem_type: req.fields.problemType || c.problemType,
        status: c.newStatus,
        ...(priority ? { priority } : {}),
        ...(/^\d+$/.test(assetId) ? { asset_ids: [Number(assetId)] } : {}),
        comments_attributes: [comment('Issue', withMarker(req.body, req))],
      },
    });
    if (!created.ok) return created;
    const id: unknown = created.json?.ticket?.id;
    if (typeof id !== 'number' && typeof id !== 'string') return refusal('unexpected answer: the new ticket has no id', created.status);
    return { ok: true, status: created.status, ticket: { id: String(id), url: `${base(c)}/tickets/${id}` } };
  },

  markerIn: 'the last line of the first (hidden) comment',
  async find(c, req, ctx) {
    const customerId = customerOf(c, req);
    if (!customerId || !/^\d+$/.test(customerId)) return { ok: true };
    const query = `customer_id=${customerId}&query=${encodeURIComponent(req.marker)}`;
    const got = await callVendor(ctx, { step: 'Syncro ticket search', method: 'GET', url: api(c, `/tickets?${query}`), headers: auth(c) });
    if (!got.ok) return got;
    const candidates = (Array.isArray(got.json?.tickets) ? got.json.tickets : []).filter((t: any) => /^\d+$/.test(String(t?.id ?? ''))).slice(0, MAX_CANDIDATES);
    // The search may match more loosely than the marker: a ticket is adopted only when one of its comments carries it.
    for (const listed of candidates) {
      let comments = listed.comments;
      if (!Array.isArray(comments)) {
        const whole = await callVendor(ctx, { step: 'Syncro ticket', method: 'GET', url: api(c, `/tickets/${listed.id}`), headers: auth(c) });
        if (!whole.ok) return whole;
        comments = whole.json?.ticket?.comments;
      }
      if ((Array.isArray(comments) ? comments : []).some((m: any) => typeof m?.body === 'string' && holdsMarker(m.body, req.marker))) {
        return { ok: true, status: got.status, ticket: { id: String(listed.id), url: `${base(c)}/tickets/${listed.id}` } };
      }
    }
    return { ok: true, status: got.status };
  },

  lookups: {
    customers: {
      noun: 'customer',
      config: ['customerId'],
      fields: ['customerId'],
      async list(c, q, ctx) {
        const page = pageNumber(q);
        const search = q.search ? `&query=${encodeURIComponent(q.search)}` : '';
        const got = await callVendor(ctx, { step: 'Syncro customers', method: 'GET', url: api(c, `/customers?page=${page}${search}`), headers: auth(c) });
        if (!got.ok) return got;
        const items = (Array.isArray(got.json?.customers) ? got.json.customers : [])
          .filter((x: any) => Number.isInteger(x?.id))
          .map((x: any) => ({ id: String(x.id), name: String(x.business_then_name || x.business_name || x.fullname || x.id) }));
        const pages = Number(got.json?.meta?.total_pages ?? 1);
        return { ok: true, items, nextPage: page < pages ? String(page + 1) : null };
      },
    },
    types: {
      noun: 'issue type',
      config: ['problemType'],
      fields: ['problemType'],
      async list(c, q, ctx) {
        const got = await settings(c, ctx);
        return got.ok ? nameList(names(got.json?.problem_types ?? got.json?.ticket_types), q) : got;
      },
    },
    statuses: {
      noun: 'ticket status',
      config: ['newStatus', 'resolvedStatus', 'closedStatuses'],
      async list(c, q, ctx) {
        const got = await settings(c, ctx);
        return got.ok ? nameList(names(got.json?.ticket_status_list), q) : got;
      },
    },
  },

  note: (c, ticket, req, ctx) =>
    unlessClosed(fetchState(c, ticket, ctx), () => addComment(c, ticket, comment('Update', req.body), ctx)),

  close: (c, ticket, req, ctx) =>
    unlessClosed(
      fetchState(c, ticket, ctx),
      () => addComment(c, ticket, comment('Completed', req.body), ctx),
      () => sendHttp(ctx, { method: 'PUT', url: api(c, ticketPath(ticket)), headers: { ...auth(c), 'content-type': 'application/json' }, body: JSON.stringify({ status: c.resolvedStatus }) }),
    ),

  verify: (c, ctx) => sendHttp(ctx, { method: 'GET', url: api(c, '/me'), headers: { ...auth(c), accept: 'application/json' } }),
};
