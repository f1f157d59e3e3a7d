import { z } from 'zod';
import { truncate } from '../../alerts/channels/channel.text.js';
import type { ChannelContext } from '../../alerts/channels/channel.types.js';
import { type LookupPage, type LookupQuery, type TicketingAdapter, type TicketOutcome, type TicketRef, ticketingCommon } from '../tickets.types.js';
import { basicAuth, baseUrl, callVendor, outcomeOf, recordIds, refusal, stateOf, unlessClosed } from './vendor.http.js';
import { byName, pageNumber } from '../tickets.lookups.js';

// Support (Ticketing) API v2: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/

/** Zendesk documents no subject limit; this keeps a subject whole in its views. */
const SUBJECT_CHARS = 150;

const priority = z.enum(['urgent', 'high', 'normal', 'low']);
const id = z.number().int().positive();

const config = ticketingCommon.extend({
  /** https://{subdomain}.zendesk.com */
  url: z.url({ protocol: /^https?$/ }),
  /** An agent's email and an API token, sent as Basic `{email}/token:{apiToken}`. */
  email: z.email(),
  apiToken: z.string().min(1).max(1000),
  priorities: z.object({ high: priority.default('high'), low: priority.default('low') }).prefault({}),
  tags: z.array(z.string().regex(/^[^\s,]{1,80}$/, 'a tag has no spaces or commas')).max(20).default(['backwatch']),
  /** For checks and groups whose ticket fields name no `groupId` or `organizationId`. */
  groupId: id.optional(),
  organizationId: id.optional(),
});

type ZendeskConfig = z.infer<typeof config>;

function call(c: ZendeskConfig, ctx: ChannelContext, step: string, method: 'GET' | 'POST' | 'PUT', path: string, json?: unknown, headers: Record<string, string> = {}) {
  const authorization = basicAuth(`${c.email}/token`, c.apiToken);
  return callVendor(ctx, { step: `Zendesk ${step}`, method, url: `${baseUrl(c.url)}/api/v2/${path}`, headers: { authorization, ...headers }, json });
}

const ticketPath = (ticket: TicketRef) => `tickets/${encodeURIComponent(ticket.id)}.json`;

/** Solved and closed tickets take no more work from us (and a closed one takes no update at all). */
const ticketState = async (c: ZendeskConfig, ticket: TicketRef, ctx: ChannelContext) =>
  stateOf(await call(c, ctx, 'ticket', 'GET', ticketPath(ticket)), (t) => ['solved', 'closed'].includes(t.ticket?.status));

/** A private comment (an internal note), with whatever else the update changes. */
async function update(c: ZendeskConfig, ticket: TicketRef, body: string, ctx: ChannelContext, change: Record<string, unknown> = {}): Promise<TicketOutcome> {
  return unlessClosed(ticketState(c, ticket, ctx), async () =>
    outcomeOf(await call(c, ctx, change.status ? 'solve' : 'note', 'PUT', ticketPath(ticket), { ticket: { comment: { body, public: false }, ...change } })),
  );
}

const PAGE_SIZE = 100;

/** Cursor pagination (page[size], page[after]); the next cursor only while `meta.has_more`. */
async function cursorPage(c: ZendeskConfig, ctx: ChannelContext, step: string, path: string, key: string, q: LookupQuery): Promise<LookupPage> {
  const after = q.page ? `&page[after]=${encodeURIComponent(q.page)}` : '';
  const got = await call(c, ctx, step, 'GET', `${path}?page[size]=${PAGE_SIZE}${after}`);
  if (!got.ok) return got;
  const items = byName(namedItems(got.json?.[key]), q.search);
  const cursor = got.json?.meta?.has_more ? got.json.meta.after_cursor : null;
  return { ok: true, items, nextPage: typeof cursor === 'string' && cursor ? cursor : null };
}

const namedItems = (list: unknown) =>
  (Array.isArray(list) ? list : []).filter((x: any) => Number.isInteger(x?.id) && typeof x.name === 'string' && !x.deleted).map((x: any) => ({ id: String(x.id), name: x.name as string }));

export const zendeskTicketing: TicketingAdapter<ZendeskConfig> = {
  type: 'zendesk',
  kind: 'ticketing',
  config,
  secrets: ['apiToken'],
  fields: ['groupId', 'organizationId', 'requesterEmail'],

  async open(c, req, ctx) {
    const ids = recordIds(req.fields, c, ['groupId', 'organizationId']);
    if ('ok' in ids) return ids;
    // Zendesk takes only an organization of the requester (by default the API's agent), so a customer's contact may be named.
    const requester = req.fields.requesterEmail?.trim();
    const ticket = {
      subject: truncate(req.subject, SUBJECT_CHARS),
      // An internal note: Zendesk's default triggers email requesters about public comments only.
      comment: { body: req.body, public: false },
      priority: c.priorities[req.priority],
      tags: c.tags,
      external_id: req.marker,
      ...(ids.groupId && { group_id: ids.groupId }),
      ...(ids.organizationId && { organization_id: ids.organizationId }),
      ...(requester && { requester: { email: requester } }),
    };
    // Zendesk documents this header for ticket creation: a retry with the same key returns the first ticket.
    const reply = await call(c, ctx, 'create ticket', 'POST', 'tickets.json', { ticket }, { 'idempotency-key': ctx.idempotencyKey });
    if (!reply.ok) return reply;
    const ticketId = reply.json?.ticket?.id;
    if (typeof ticketId !== 'number') return refusal('Zendesk created a ticket without saying its id');
    return { ok: true, status: reply.status, ticket: { id: String(ticketId), url: `${baseUrl(c.url)}/agent/tickets/${ticketId}` } };
  },

  markerIn: 'the external id (external_id)',
  // List Tickets filters by external_id in the database; search would wait on the index.
  async find(c, req, ctx) {
    const got = await call(c, ctx, 'ticket by external id', 'GET', `tickets.json?external_id=${encodeURIComponent(req.marker)}`);
    // List Tickets may be an admin's alone: an agent's token is refused, and the create's idempotency key
    // (kept by Zendesk for two hours) is then all that stands between a lost answer and a second ticket.
    if (!got.ok && got.status === 403) return { ok: true, status: got.status };
    if (!got.ok) return got;
    const ticket = (Array.isArray(got.json?.tickets) ? got.json.tickets : []).find((t: any) => typeof t?.id === 'number' && t.external_id === req.marker);
    return ticket ? { ok: true, status: got.status, ticket: { id: String(ticket.id), url: `${baseUrl(c.url)}/agent/tickets/${ticket.id}` } } : { ok: true, status: got.status };
  },

  lookups: {
    groups: {
      noun: 'group',
      config: ['groupId'],
      fields: ['groupId'],
      // Zendesk offers no search of groups: the page is filtered by name.
      list: (c, q, ctx) => cursorPage(c, ctx, 'groups', 'groups.json', 'groups', q),
    },
    organizations: {
      noun: 'organization',
      config: ['organizationId'],
      fields: ['organizationId'],
      async list(c, q, ctx) {
        if (!q.search) return cursorPage(c, ctx, 'organizations', 'organizations.json', 'organizations', q);
        // Autocomplete matches the start of names and pages by number (offset pagination only).
        const page = pageNumber(q);
        const got = await call(c, ctx, 'organizations', 'GET', `organizations/autocomplete.json?name=${encodeURIComponent(q.search)}&page=${page}&per_page=${PAGE_SIZE}`);
        if (!got.ok) return got;
        return { ok: true, items: namedItems(got.json?.organizations), nextPage: got.json?.next_page ? String(page + 1) : null };
      },
    },
  },

  note: (c, ticket, req, ctx) => update(c, ticket, req.body, ctx),

  // Zendesk closes solved tickets itself after a while (4 days by default, by automation).
  close: (c, ticket, req, ctx) => update(c, ticket, req.body, ctx, { status: 'solved' }),

  async verify(c, ctx) {
    const reply = await call(c, ctx, 'current user', 'GET', 'users/me.json');
    if (!reply.ok) return reply;
    // Without valid credentials Zendesk answers with an anonymous user rather than an error.
    const user = reply.json?.user;
    if (!user?.id) return refusal('Zendesk did not accept the email and API token');
    if (!['agent', 'admin'].includes(user.role)) return refusal(`${c.email} is an ${user.role}, not an agent: it cannot create tickets`);
    return { ok: true, status: reply.status };
  },
};
