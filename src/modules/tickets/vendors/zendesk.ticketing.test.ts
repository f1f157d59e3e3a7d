import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelContext } from '../../../../test/helpers/channels.js';
import { type FakeVendor, type Route, startFakeVendor, type VendorRequest } from '../../../../test/helpers/fake-vendor.js';
import { expectLostAnswerAdopted, expectNothingFound } from '../../../../test/helpers/lost-answer.js';
import { ticketRequests } from '../../../../test/helpers/ticket-requests.js';
import { settingProblems } from '../tickets.lookups.js';
import { zendeskTicketing } from './zendesk.ticketing.js';

const EMAIL = 'ops@msp.example';
const TOKEN = '6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv';
const AUTH = `Basic ${Buffer.from(`${EMAIL}/token:${TOKEN}`).toString('base64')}`;
const STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];

interface Ticket {
  fields: Record<string, any>;
  status: string;
  comments: { body: string; public: boolean }[];
}

let fake: FakeVendor;
let tickets: Map<number, Ticket>;
let keys: Map<string, number>;
let me: Record<string, unknown>;

/** Refuses what the Support API v2 documents no shape for. */
function zendeskShape(req: VendorRequest): string | null {
  if (!/^\/api\/v2\/[\w/]+\.json$/.test(req.path)) return 'not a Support API v2 path';
  if (req.headers.authorization !== AUTH) return `authorization ${req.headers.authorization ?? 'missing'}`;
  if (req.method === 'GET') return listShape(req);
  if (req.headers['content-type'] !== 'application/json') return 'not JSON';
  const t = req.json?.ticket;
  if (typeof t?.comment?.body !== 'string' || !t.comment.body || typeof t.comment.public !== 'boolean') return 'a comment needs a body (and says whether it is public)';
  if (t.status !== undefined && !STATUSES.includes(t.status)) return 'unknown status';
  if (req.method === 'PUT') return null;
  if (typeof t.subject !== 'string' || t.subject.length > 150) return 'subject';
  if (!['urgent', 'high', 'normal', 'low'].includes(t.priority)) return 'priority is urgent, high, normal or low';
  if (!Array.isArray(t.tags) || typeof t.external_id !== 'string') return 'tags are an array, external_id a string';
  if ([t.group_id, t.organization_id].some((v) => v !== undefined && typeof v !== 'number')) return 'ids are numbers';
  return null;
}

/** The documented list parameters: List Tickets' external_id, cursor pagination (page[size] at most 100), autocomplete's name. */
function listShape(req: VendorRequest): string | null {
  const allowed: Record<string, string[]> = {
    '/api/v2/tickets.json': ['external_id', 'page[size]', 'page[after]'],
    '/api/v2/groups.json': ['page[size]', 'page[after]'],
    '/api/v2/organizations.json': ['page[size]', 'page[after]'],
    '/api/v2/organizations/autocomplete.json': ['name', 'page', 'per_page'],
  };
  const keys = allowed[req.path] ?? [];
  const unknown = [...req.query.keys()].filter((k) => !keys.includes(k));
  if (unknown.length) return `unknown parameters ${unknown.join(', ')}`;
  for (const n of ['page[size]', 'page', 'per_page']) if (req.query.has(n) && !/^\d+$/.test(req.query.get(n)!)) return `${n} is a number`;
  if (Number(req.query.get('page[size]') ?? 0) > 100 || Number(req.query.get('per_page') ?? 0) > 100) return 'at most 100 a page';
  if (req.path.endsWith('/autocomplete.json') && !req.query.get('name')) return 'name is required';
  return null;
}

const GROUPS = Array.from({ length: 130 }, (_, n) => ({ id: 360000 + n, name: `Tier ${n}`, deleted: false }));
const ORGANIZATIONS = Array.from({ length: 120 }, (_, n) => ({ id: 361000 + n, name: n % 2 ? `Acme ${n}` : `Globex ${n}` }));
/** Cursor pagination as Zendesk answers it: the cursor is opaque (here the next offset, encoded). */
function cursorPaged(key: string, all: object[], q: URLSearchParams) {
  const size = Number(q.get('page[size]') ?? 100);
  const start = q.has('page[after]') ? Number(Buffer.from(q.get('page[after]')!, 'base64url').toString()) : 0;
  const more = start + size < all.length;
  return { status: 200, json: { [key]: all.slice(start, start + size), meta: { has_more: more, after_cursor: more ? Buffer.from(String(start + size)).toString('base64url') : null } } };
}

const ticket = (m: RegExpMatchArray) => tickets.get(Number(m[1]));
const show = (id: number) => ({ status: 200, json: { ticket: { id, url: `${fake.url}/api/v2/tickets/${id}.json`, status: tickets.get(id)!.status } } });
const routes: Route[] = [
  ['POST', /^\/api\/v2\/tickets\.json$/, (req) => {
    const key = req.headers['idempotency-key'] as string;
    if (keys.has(key)) return { ...show(keys.get(key)!), status: 201, headers: { 'x-idempotency-lookup': 'hit' } };
    if (req.json.ticket.group_id === 404) return { status: 422, json: { error: 'RecordInvalid', details: { group: [{ description: 'Group: is invalid' }] } } };
    const id = tickets.size + 1;
    const { comment, ...fields } = req.json.ticket;
    tickets.set(id, { fields, status: 'new', comments: [comment] });
    keys.set(key, id);
    return { ...show(id), status: 201 };
  }],
  ['GET', /^\/api\/v2\/tickets\.json$/, ({ query }) => {
    const found = [...tickets].filter(([, t]) => t.fields.external_id === query.get('external_id'));
    return { status: 200, json: { tickets: found.map(([id, t]) => ({ id, external_id: t.fields.external_id, status: t.status })) } };
  }],
  ['GET', /^\/api\/v2\/groups\.json$/, ({ query }) => cursorPaged('groups', GROUPS, query)],
  ['GET', /^\/api\/v2\/organizations\.json$/, ({ query }) => cursorPaged('organizations', ORGANIZATIONS, query)],
  ['GET', /^\/api\/v2\/organizations\/autocomplete\.json$/, ({ query }) => {
    const found = ORGANIZATIONS.filter((o) => o.name.toLowerCase().startsWith(query.get('name')!.toLowerCase()));
    const page = Number(query.get('page') ?? 1);
    const per = Number(query.get('per_page') ?? 100);
    const next = page * per < found.length ? `${fake.url}/api/v2/organizations/autocomplete.json?page=${page + 1}` : null;
    return { status: 200, json: { organizations: found.slice((page - 1) * per, page * per), next_page: next, count: found.length } };
  }],
  ['GET', /^\/api\/v2\/tickets\/(\d+)\.json$/, (_, m) => (ticket(m) ? show(Number(m[1])) : { status: 404, json: { error: 'RecordNotFound' } })],
  ['PUT', /^\/api\/v2\/tickets\/(\d+)\.json$/, (req, m) => {
    const t = ticket(m)!;
    if (t.status === 'closed') return { status: 422, json: { error: 'RecordInvalid', description: 'closed prevents ticket update' } };
    t.comments.push(req.json.ticket.comment);
    t.status = req.json.ticket.status ?? 'open';
    return show(Number(m[1]));
  }],
  ['GET', /^\/api\/v2\/users\/me\.json$/, () => ({ status: 200, json: { user: me } })],
];

beforeEach(async () => {
  tickets = new Map();
  keys = new Map();
  me = { id: 35436, role: 'admin', email: EMAIL };
  fake = await startFakeVendor(routes, zendeskShape);
});
afterEach(() => fake.close());

const configure = (over: Record<string, unknown> = {}) => zendeskTicketing.config.parse({ url: fake.url, email: EMAIL, apiToken: TOKEN, ...over });
const ctx = (idempotencyKey = 'delivery-0000-test') => channelContext({ idempotencyKey });

describe('Zendesk', () => {
  it('opens a ticket, adds internal notes while the problem lasts, and solves it with the last one', async () => {
    const req = ticketRequests({ groupId: '360001234', organizationId: '361234567' });
    const opened = await zendeskTicketing.open(configure(), req.open, ctx());
    expect(opened).toEqual({ ok: true, status: 201, ticket: { id: '1', url: `${fake.url}/agent/tickets/1` } });
    expect(tickets.get(1)!.fields).toEqual({
      subject: 'Failure: User01: Documents (Acme Corp)',
      priority: 'high',
      tags: ['backwatch'],
      external_id: req.open.marker,
      group_id: 360001234,
      organization_id: 361234567,
    });
    expect(fake.requests[0]!.headers['idempotency-key']).toBe('delivery-0000-test');
    expect(await zendeskTicketing.note(configure(), opened.ticket!, req.note, ctx())).toEqual({ ok: true, status: 200 });
    expect(await zendeskTicketing.close(configure(), opened.ticket!, req.close, ctx())).toEqual({ ok: true, status: 200 });
    expect(tickets.get(1)).toMatchObject({
      status: 'solved',
      comments: [req.open.body, req.note.body, req.close.body].map((body) => ({ body, public: false })),
    });
    expect(fake.refused).toEqual([]);
  });

  it('opens a warning with the low priority, in the configured group, for the requester a check names', async () => {
    const { openWarning } = ticketRequests({ requesterEmail: 'it@acme.example' });
    await zendeskTicketing.open(configure({ groupId: 360009999, priorities: { low: 'normal' } }), openWarning, ctx());
    expect(tickets.get(1)!.fields).toMatchObject({ priority: 'normal', group_id: 360009999, requester: { email: 'it@acme.example' } });
    await zendeskTicketing.open(configure(), openWarning, ctx('delivery-0001-test'));
    expect(tickets.get(2)!.fields).toMatchObject({ priority: 'low', subject: 'Warning: User01: Documents (Acme Corp)' });
    expect(fake.refused).toEqual([]);
  });

  it('makes no second ticket when a delivery repeats its open', async () => {
    const { open } = ticketRequests();
    const first = await zendeskTicketing.open(configure(), open, ctx());
    expect(await zendeskTicketing.open(configure(), open, ctx())).toEqual(first);
    expect(tickets.size).toBe(1);
  });

  it('writes nothing to a ticket solved, closed or deleted by a person', async () => {
    const req = ticketRequests();
    const { ticket } = await zendeskTicketing.open(configure(), req.open, ctx());
    for (const status of ['solved', 'closed']) {
      tickets.get(1)!.status = status;
      expect(await zendeskTicketing.note(configure(), ticket!, req.note, ctx())).toEqual({ ok: true, alreadyClosed: true });
      expect(await zendeskTicketing.close(configure(), ticket!, req.close, ctx())).toEqual({ ok: true, alreadyClosed: true });
    }
    expect(await zendeskTicketing.note(configure(), { id: '99', url: null }, req.note, ctx())).toEqual({ ok: true, alreadyClosed: true });
    expect(tickets.get(1)!.comments).toHaveLength(1);
    expect(fake.requests.filter((r) => r.method === 'PUT')).toEqual([]);
  });

  it('retries through an outage, but not a refusal', async () => {
    const req = ticketRequests();
    fake.down = { status: 503 };
    expect(await zendeskTicketing.open(configure(), req.open, ctx())).toMatchObject({ ok: false, retryable: true, status: 503 });
    fake.down = null;
    expect(await zendeskTicketing.open(configure(), req.open, ctx())).toMatchObject({ ok: true, ticket: { id: '1' } });
    const unknownGroup = await zendeskTicketing.open(configure({ groupId: 404 }), req.open, ctx('delivery-0002-test'));
    expect(unknownGroup).toMatchObject({ ok: false, retryable: false, status: 422, error: 'Zendesk create ticket: HTTP 422' });
    const notAnId = await zendeskTicketing.open(configure(), ticketRequests({ groupId: 'Support' }).open, ctx());
    expect(notAnId).toMatchObject({ ok: false, retryable: false, error: 'groupId must be a number, not "Support"' });
  });

  it('adopts the ticket a create made when its answer was lost, found by its external id, and finds none where there is none', async () => {
    await expectNothingFound({ adapter: zendeskTicketing, config: configure(), ctx: ctx(), vendor: fake });
    const ticket = await expectLostAnswerAdopted({
      adapter: zendeskTicketing,
      config: configure(),
      vendor: fake,
      ctx: ctx(),
      isCreate: (r) => r.method === 'POST' && r.path === '/api/v2/tickets.json',
      tickets: () => [...tickets.values()],
    });
    expect(ticket).toEqual({ id: '1', url: `${fake.url}/agent/tickets/1` });
    expect(tickets.get(1)).toMatchObject({ status: 'solved', comments: [{}, {}, {}] });
    expect(fake.requests.find((r) => r.method === 'GET' && r.path === '/api/v2/tickets.json')!.query.get('external_id')).toBe('backwatch-incident-41-7');
  });

  it('opens the ticket rather than fail when the token may not list tickets, and fails on any other refusal', async () => {
    fake.down = { status: 403, json: { error: 'Forbidden', description: 'You do not have access to this page' } };
    expect(await zendeskTicketing.find!(configure(), ticketRequests().open, ctx())).toEqual({ ok: true, status: 403 });
    fake.down = { status: 401, json: { error: "Couldn't authenticate you" } };
    expect(await zendeskTicketing.find!(configure(), ticketRequests().open, ctx())).toMatchObject({ ok: false, status: 401 });
  });

  it('lists groups and organizations, paged by cursor, searched by name', async () => {
    const { groups, organizations } = zendeskTicketing.lookups!;
    const first = await groups!.list(configure(), { search: null, page: null, parent: null }, ctx());
    expect(first.ok && first.items).toHaveLength(100);
    expect(first.ok && first.items[0]).toEqual({ id: '360000', name: 'Tier 0' });
    const second = await groups!.list(configure(), { search: null, page: first.ok ? first.nextPage : null, parent: null }, ctx());
    expect(second).toMatchObject({ ok: true, nextPage: null });
    expect(second.ok && second.items.map((g) => g.name)).toContain('Tier 129');
    const tier12 = await groups!.list(configure(), { search: 'TIER 12', page: null, parent: null }, ctx());
    expect(tier12.ok && tier12.items.map((g) => g.id)).toEqual(['360012']);

    const acme = await organizations!.list(configure(), { search: 'acme', page: null, parent: null }, ctx());
    expect(acme).toMatchObject({ ok: true, nextPage: null });
    expect(acme.ok && acme.items).toHaveLength(60);
    expect(acme.ok && acme.items[0]).toEqual({ id: '361001', name: 'Acme 1' });
    const all = await organizations!.list(configure(), { search: null, page: null, parent: null }, ctx());
    expect(all.ok && all.nextPage).toBeTruthy();
    expect(fake.refused).toEqual([]);
  });

  it('names the group or organization the account does not have', async () => {
    expect(await settingProblems(zendeskTicketing, configure({ groupId: 360129, organizationId: 361119 }), ctx())).toEqual([]);
    expect(await settingProblems(zendeskTicketing, configure({ groupId: 360999, organizationId: 361119 }), ctx())).toEqual([{ path: 'groupId', message: 'no group "360999"' }]);
    fake.down = { status: 503 };
    expect(await settingProblems(zendeskTicketing, configure({ groupId: 360999 }), ctx())).toEqual([]);
  });

  it('verifies that the credentials are an agent’s', async () => {
    expect(await zendeskTicketing.verify(configure(), ctx())).toEqual({ ok: true, status: 200 });
    me = { id: null, role: 'end-user' };
    expect(await zendeskTicketing.verify(configure(), ctx())).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('did not accept') });
    me = { id: 7, role: 'end-user' };
    expect(await zendeskTicketing.verify(configure(), ctx())).toMatchObject({ ok: false, error: expect.stringContaining('not an agent') });
    expect(fake.refused).toEqual([]);
  });
});
