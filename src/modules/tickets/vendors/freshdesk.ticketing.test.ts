import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelContext } from '../../../../test/helpers/channels.js';
import { type FakeVendor, type Route, startFakeVendor, type VendorRequest } from '../../../../test/helpers/fake-vendor.js';
import { expectLostAnswerAdopted, expectNothingFound } from '../../../../test/helpers/lost-answer.js';
import { ticketRequests } from '../../../../test/helpers/ticket-requests.js';
import { settingProblems } from '../tickets.lookups.js';
import { freshdeskTicketing } from './freshdesk.ticketing.js';
import { htmlText } from './vendor.html.js';

const API_KEY = 'sFbWcQ3nBk9XyJtRz2Lm';
const CREATE_FIELDS = ['email', 'subject', 'description', 'priority', 'status', 'source', 'tags', 'group_id', 'company_id'];

interface Ticket {
  fields: Record<string, any>;
  status: number;
  deleted?: boolean;
  /** Whether Filter Tickets' index has caught up with it yet. */
  indexed?: boolean;
  notes: { body: string; private: boolean }[];
}

let fake: FakeVendor;
let tickets: Map<number, Ticket>;

/** Refuses what API v2 documents no shape for, as Freshdesk refuses unknown fields ("invalid_field"). */
function freshdeskShape(req: VendorRequest): string | null {
  if (!req.path.startsWith('/api/v2/')) return 'not API v2';
  if (req.headers.authorization !== `Basic ${Buffer.from(`${API_KEY}:X`).toString('base64')}`) return `authorization ${req.headers.authorization ?? 'missing'}`;
  if (req.method === 'GET') return listShape(req);
  if (req.headers['content-type'] !== 'application/json') return 'not JSON';
  const b = req.json ?? {};
  if (req.path.endsWith('/notes')) return typeof b.body === 'string' && b.body && typeof b.private === 'boolean' && Object.keys(b).length === 2 ? null : 'a note is a body and private';
  if (b.status !== undefined && ![2, 3, 4, 5].includes(b.status)) return 'status is 2 to 5';
  if (req.method === 'PUT') return null;
  const unknown = Object.keys(b).filter((k) => !CREATE_FIELDS.includes(k));
  if (unknown.length) return `invalid_field: ${unknown.join(', ')}`;
  if (typeof b.email !== 'string' || !b.email.includes('@')) return 'a requester is mandatory';
  if (typeof b.subject !== 'string' || typeof b.description !== 'string') return 'subject and description are strings';
  if (![1, 2, 3, 4].includes(b.priority) || !Number.isInteger(b.source)) return 'priority is 1 to 4, source a number';
  if ([b.group_id, b.company_id].some((v) => v !== undefined && typeof v !== 'number')) return 'ids are numbers';
  return null;
}

const LIST_PARAMS: Record<string, string[]> = {
  '/api/v2/tickets': ['filter', 'requester_id', 'email', 'unique_external_id', 'company_id', 'updated_since', 'order_by', 'order_type', 'include', 'per_page', 'page'],
  '/api/v2/search/tickets': ['query', 'page'],
  '/api/v2/groups': ['per_page', 'page'],
  '/api/v2/companies': ['per_page', 'page'],
  '/api/v2/companies/autocomplete': ['name'],
};
/** The documented list parameters: per_page at most 100; Filter Tickets' query in double quotes, at most 512 characters, pages 1 to 10. */
function listShape(req: VendorRequest): string | null {
  const allowed = LIST_PARAMS[req.path];
  if (!allowed) return null;
  const unknown = [...req.query.keys()].filter((k) => !allowed.includes(k));
  if (unknown.length) return `invalid_field: ${unknown.join(', ')}`;
  for (const n of ['per_page', 'page']) if (req.query.has(n) && !/^[1-9]\d*$/.test(req.query.get(n)!)) return `${n} is a positive number`;
  if (Number(req.query.get('per_page') ?? 30) > 100) return 'per_page is at most 100';
  if (req.query.has('order_by') && !['created_at', 'due_by', 'updated_at', 'status'].includes(req.query.get('order_by')!)) return 'order_by';
  if (req.query.has('order_type') && !['asc', 'desc'].includes(req.query.get('order_type')!)) return 'order_type is asc or desc';
  if (req.path === '/api/v2/search/tickets') {
    const q = req.query.get('query') ?? '';
    if (!/^".+"$/.test(q) || q.length > 512) return 'the query is in double quotes, at most 512 characters';
    if (Number(req.query.get('page') ?? 1) > 10) return 'page is at most 10';
  }
  if (req.path === '/api/v2/companies/autocomplete' && !req.query.get('name')) return 'name is required';
  return null;
}

const GROUPS = Array.from({ length: 150 }, (_, n) => ({ id: 43000000 + n, name: `Team ${n}` }));
const COMPANIES = Array.from({ length: 120 }, (_, n) => ({ id: 44000000 + n, name: n % 3 ? `Initech ${n}` : `Acme Branch ${n}` }));
/** Page-numbered lists with the next page in the Link header, as Freshdesk answers them. */
function paged(path: string, all: object[], q: URLSearchParams) {
  const per = Number(q.get('per_page') ?? 30);
  const page = Number(q.get('page') ?? 1);
  const headers: Record<string, string> = page * per < all.length ? { link: `<${fake.url}${path}?per_page=${per}&page=${page + 1}>; rel="next"` } : {};
  return { status: 200, json: all.slice((page - 1) * per, page * per), headers };
}
const listed = (id: number) => ({ id, status: tickets.get(id)!.status, tags: tickets.get(id)!.fields.tags, requester_email: tickets.get(id)!.fields.email });

const ticket = (m: RegExpMatchArray) => tickets.get(Number(m[1]));
const show = (id: number) => ({ status: 200, json: { id, status: tickets.get(id)!.status, deleted: tickets.get(id)!.deleted ?? false } });
const routes: Route[] = [
  ['POST', /^\/api\/v2\/tickets$/, (req) => {
    if (req.json.company_id === 404) return { status: 400, json: { description: 'Validation failed', errors: [{ field: 'company_id', code: 'invalid_value' }] } };
    tickets.set(tickets.size + 1, { fields: req.json, status: req.json.status, notes: [] });
    return { ...show(tickets.size), status: 201 };
  }],
  ['GET', /^\/api\/v2\/tickets$/, ({ query }) => {
    const ids = [...tickets.keys()].filter((id) => !query.has('email') || tickets.get(id)!.fields.email === query.get('email'));
    if (query.get('order_type') === 'desc') ids.reverse();
    return paged('/api/v2/tickets', ids.map(listed), query);
  }],
  ['GET', /^\/api\/v2\/search\/tickets$/, ({ query }) => {
    const tag = /^"tag:'(.+)'"$/.exec(query.get('query')!)?.[1];
    const ids = [...tickets.keys()].filter((id) => tickets.get(id)!.indexed && tickets.get(id)!.fields.tags.includes(tag));
    return { status: 200, json: { results: ids.map(listed), total: ids.length } };
  }],
  ['GET', /^\/api\/v2\/groups$/, ({ query }) => paged('/api/v2/groups', GROUPS, query)],
  ['GET', /^\/api\/v2\/companies$/, ({ query }) => paged('/api/v2/companies', COMPANIES, query)],
  ['GET', /^\/api\/v2\/companies\/autocomplete$/, ({ query }) => {
    const name = query.get('name')!.toLowerCase();
    return { status: 200, json: { companies: COMPANIES.filter((c) => c.name.toLowerCase().split(' ').some((w) => w.startsWith(name))).map(({ id, name }) => ({ id, name })) } };
  }],
  ['GET', /^\/api\/v2\/tickets\/(\d+)$/, (_, m) => (ticket(m) ? show(Number(m[1])) : { status: 404, json: { code: 'access_denied' } })],
  ['POST', /^\/api\/v2\/tickets\/(\d+)\/notes$/, (req, m) => (ticket(m)!.notes.push(req.json), { status: 201, json: { id: 5001, ...req.json } })],
  ['PUT', /^\/api\/v2\/tickets\/(\d+)$/, (req, m) => ((ticket(m)!.status = req.json.status), show(Number(m[1])))],
  ['GET', /^\/api\/v2\/agents\/me$/, () => ({ status: 200, json: { id: 19000, contact: { email: 'ops@msp.example' } } })],
];

beforeEach(async () => {
  tickets = new Map();
  fake = await startFakeVendor(routes, freshdeskShape);
});
afterEach(() => fake.close());

const configure = (over: Record<string, unknown> = {}) => freshdeskTicketing.config.parse({ url: fake.url, apiKey: API_KEY, requesterEmail: 'backups@msp.example', ...over });
const ctx = () => channelContext();

describe('Freshdesk', () => {
  it('opens a ticket, adds private notes while the problem lasts, and resolves it', async () => {
    const req = ticketRequests({ groupId: '43000123', companyId: '43000456' });
    const opened = await freshdeskTicketing.open(configure(), req.open, ctx());
    expect(opened).toEqual({ ok: true, status: 201, ticket: { id: '1', url: `${fake.url}/a/tickets/1` } });
    expect(tickets.get(1)!.fields).toEqual({
      email: 'backups@msp.example',
      subject: 'Failure: User01: Documents (Acme Corp)',
      description: htmlText(req.open.body),
      priority: 3,
      status: 2,
      source: 2,
      tags: ['backwatch', req.open.marker],
      group_id: 43000123,
      company_id: 43000456,
    });
    expect(await freshdeskTicketing.note(configure(), opened.ticket!, req.note, ctx())).toEqual({ ok: true, status: 201 });
    expect(await freshdeskTicketing.close(configure(), opened.ticket!, req.close, ctx())).toEqual({ ok: true, status: 200 });
    expect(tickets.get(1)).toMatchObject({ status: 4, notes: [req.note.body, req.close.body].map((body) => ({ body: htmlText(body), private: true })) });
    expect(fake.refused).toEqual([]);
  });

  it('opens a warning with the low priority, for the requester a check names, and closes where configured to', async () => {
    const req = ticketRequests({ requesterEmail: 'it@acme.example' });
    const c = configure({ closeStatus: 5, groupId: 43000999 });
    const { ticket } = await freshdeskTicketing.open(c, req.openWarning, ctx());
    expect(tickets.get(1)!.fields).toMatchObject({ email: 'it@acme.example', priority: 1, group_id: 43000999 });
    expect(tickets.get(1)!.fields).not.toHaveProperty('company_id');
    await freshdeskTicketing.close(c, ticket!, req.close, ctx());
    expect(tickets.get(1)!.status).toBe(5);
    expect(fake.refused).toEqual([]);
  });

  it('writes nothing to a ticket resolved, closed or deleted by a person', async () => {
    const req = ticketRequests();
    const { ticket } = await freshdeskTicketing.open(configure(), req.open, ctx());
    for (const change of [{ status: 4 }, { status: 5 }, { status: 2, deleted: true }]) {
      Object.assign(tickets.get(1)!, change);
      expect(await freshdeskTicketing.note(configure(), ticket!, req.note, ctx())).toEqual({ ok: true, alreadyClosed: true });
      expect(await freshdeskTicketing.close(configure(), ticket!, req.close, ctx())).toEqual({ ok: true, alreadyClosed: true });
    }
    expect(await freshdeskTicketing.note(configure(), { id: '99', url: null }, req.note, ctx())).toEqual({ ok: true, alreadyClosed: true });
    expect(fake.requests.filter((r) => r.method === 'PUT' || r.path.endsWith('/notes'))).toEqual([]);
  });

  it('retries through an outage, but not a refusal', async () => {
    const req = ticketRequests();
    fake.down = { status: 503 };
    expect(await freshdeskTicketing.open(configure(), req.open, ctx())).toMatchObject({ ok: false, retryable: true, status: 503 });
    fake.down = null;
    expect(await freshdeskTicketing.open(configure(), req.open, ctx())).toMatchObject({ ok: true, ticket: { id: '1' } });
    const noCompanies = await freshdeskTicketing.open(configure({ companyId: 404 }), req.open, ctx());
    expect(noCompanies).toMatchObject({ ok: false, retryable: false, status: 400, response: expect.stringContaining('invalid_value') });
  });

  it('adopts the ticket a create made when its answer was lost, by its tag among the requester’s newest, and finds none where there is none', async () => {
    await expectNothingFound({ adapter: freshdeskTicketing, config: configure(), ctx: ctx(), vendor: fake });
    const ticket = await expectLostAnswerAdopted({
      adapter: freshdeskTicketing,
      config: configure(),
      vendor: fake,
      ctx: ctx(),
      isCreate: (r) => r.method === 'POST' && r.path === '/api/v2/tickets',
      tickets: () => [...tickets.values()],
    });
    expect(ticket).toEqual({ id: '1', url: `${fake.url}/a/tickets/1` });
    expect(tickets.get(1)).toMatchObject({ status: 4, notes: [{}, {}] });
    const list = fake.requests.find((r) => r.method === 'GET' && r.path === '/api/v2/tickets')!;
    expect(Object.fromEntries(list.query)).toMatchObject({ email: 'backups@msp.example', order_by: 'created_at', order_type: 'desc' });
  });

  it('falls back on Filter Tickets for a ticket no longer among the requester’s, once its index has it', async () => {
    const { open } = ticketRequests();
    await freshdeskTicketing.open(configure(), open, ctx());
    tickets.get(1)!.fields.email = 'someone@acme.example';
    expect(await freshdeskTicketing.find!(configure(), open, ctx())).toEqual({ ok: true, status: 200 });
    tickets.get(1)!.indexed = true;
    expect(await freshdeskTicketing.find!(configure(), open, ctx())).toMatchObject({ ok: true, ticket: { id: '1' } });
    const search = fake.requests.filter((r) => r.path === '/api/v2/search/tickets');
    expect(search.map((r) => r.query.get('query'))).toEqual([`"tag:'${open.marker}'"`, `"tag:'${open.marker}'"`]);
    expect(fake.refused).toEqual([]);
  });

  it('lists groups and companies, paged by the Link header, searched by name', async () => {
    const { groups, companies } = freshdeskTicketing.lookups!;
    const first = await groups!.list(configure(), { search: null, page: null, parent: null }, ctx());
    expect(first).toMatchObject({ ok: true, nextPage: '2' });
    expect(first.ok && first.items[0]).toEqual({ id: '43000000', name: 'Team 0' });
    const second = await groups!.list(configure(), { search: null, page: '2', parent: null }, ctx());
    expect(second).toMatchObject({ ok: true, nextPage: null });
    expect(second.ok && second.items).toHaveLength(50);
    const team14 = await groups!.list(configure(), { search: 'team 14', page: null, parent: null }, ctx());
    expect(team14.ok && team14.items.map((g) => g.id)).toEqual(['43000014']);

    const acme = await companies!.list(configure(), { search: 'acm', page: null, parent: null }, ctx());
    expect(acme).toMatchObject({ ok: true, nextPage: null });
    expect(acme.ok && acme.items).toHaveLength(40);
    expect(acme.ok && acme.items[0]).toEqual({ id: '44000000', name: 'Acme Branch 0' });
    expect(fake.refused).toEqual([]);
  });

  it('names the group or company the account does not have', async () => {
    expect(await settingProblems(freshdeskTicketing, configure({ groupId: 43000149, companyId: 44000119 }), ctx())).toEqual([]);
    expect(await settingProblems(freshdeskTicketing, configure({ groupId: 43000149, companyId: 45000000 }), ctx())).toEqual([
      { path: 'companyId', message: 'no company "45000000"' },
    ]);
    fake.down = { status: 503 };
    expect(await settingProblems(freshdeskTicketing, configure({ companyId: 45000000 }), ctx())).toEqual([]);
  });

  it('verifies the API key on the current agent', async () => {
    expect(await freshdeskTicketing.verify(configure(), ctx())).toEqual({ ok: true, status: 200 });
    expect(fake.requests[0]!.path).toBe('/api/v2/agents/me');
    expect(await freshdeskTicketing.verify(configure({ apiKey: 'wrong' }), ctx())).toMatchObject({ ok: false, retryable: false });
  });

  it('sends text as HTML: escaped, with links and line breaks', () => {
    expect(htmlText('Warning - <with> & "quotes"\nCheck: https://backwatch.example.com/checks/42?a=1&b=2')).toBe(
      'Warning - &lt;with&gt; &amp; &quot;quotes&quot;<br>Check: <a href="https://backwatch.example.com/checks/42?a=1&amp;b=2">https://backwatch.example.com/checks/42?a=1&amp;b=2</a>',
    );
  });
});
