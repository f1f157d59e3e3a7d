import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelContext } from '../../../../test/helpers/channels.js';
import { type FakeVendor, type Route, startFakeVendor, type VendorRequest } from '../../../../test/helpers/fake-vendor.js';
import { expectLostAnswerAdopted, expectNothingFound } from '../../../../test/helpers/lost-answer.js';
import { ticketRequests } from '../../../../test/helpers/ticket-requests.js';
import { settingProblems } from '../tickets.lookups.js';
import { syncroTicketing } from './syncro.ticketing.js';

interface Comment {
  subject: string;
  body: string;
  hidden: boolean;
  do_not_email: boolean;
}
interface Ticket {
  id: number;
  customer_id: number;
  subject: string;
  problem_type: string;
  status: string;
  priority?: string;
  asset_ids: number[];
  comments: Comment[];
}

const KEY = 'T0123456789abcdef-syncro';
const isComment = (c: any) => typeof c?.subject === 'string' && typeof c.body === 'string' && c.hidden === true && c.do_not_email === true;

/** What Syncro's API v1 takes: the token as a Bearer header, JSON bodies, numeric ids. */
function check(req: VendorRequest): string | null {
  if (req.headers.authorization !== `Bearer ${KEY}`) return 'missing or wrong Authorization';
  if (!req.path.startsWith('/api/v1/')) return 'not API v1';
  if (req.method === 'GET') return listShape(req);
  if (req.headers['content-type'] !== 'application/json') return 'Syncro answers a non-JSON body with 400';
  const b = req.json;
  if (req.method === 'POST' && req.path === '/api/v1/tickets') {
    if (!Number.isInteger(b?.customer_id) || typeof b.subject !== 'string' || !b.subject) return 'customer_id and subject are required';
    if (b.asset_ids && !b.asset_ids.every(Number.isInteger)) return 'asset_ids are numbers';
    if (!Array.isArray(b.comments_attributes) || !b.comments_attributes.every(isComment)) return 'bad comments_attributes';
  }
  if (req.path.endsWith('/comment') && !isComment(b)) return 'a comment has a subject and a body';
  if (req.method === 'PUT' && typeof b?.status !== 'string') return 'status is a string';
  return null;
}

const LIST_PARAMS: Record<string, string[]> = {
  '/api/v1/tickets': ['customer_id', 'contact_id', 'number', 'status', 'query', 'page'],
  '/api/v1/customers': ['query', 'page', 'sort'],
  '/api/v1/tickets/settings': [],
};
/** The documented list parameters: ids and pages are numbers. */
function listShape(req: VendorRequest): string | null {
  const allowed = LIST_PARAMS[req.path];
  if (!allowed) return null;
  const unknown = [...req.query.keys()].filter((k) => !allowed.includes(k));
  if (unknown.length) return `unknown parameters ${unknown.join(', ')}`;
  for (const n of ['customer_id', 'contact_id', 'page']) if (req.query.has(n) && !/^\d+$/.test(req.query.get(n)!)) return `${n} is a number`;
  return null;
}

const CUSTOMERS = Array.from({ length: 60 }, (_, n) => ({ id: 300 + n, business_name: n % 4 ? `Client ${n}` : '', fullname: `Person ${n}`, business_then_name: n % 4 ? `Client ${n}` : `Person ${n}` }));
const SETTINGS = { ticket_status_list: ['New', 'In Progress', 'Waiting on Customer', 'Resolved', 'Invoiced'], problem_types: ['Other', 'Backup', 'Network'] };
const PER_PAGE = 25;

let vendor: FakeVendor;
let tickets: Map<number, Ticket>;
const found = (id: string) => tickets.get(Number(id));
const routes: Route[] = [
  ['GET', /^\/api\/v1\/me$/, () => ({ status: 200, json: { user_id: 7, user_name: 'backwatch' } })],
  [
    'POST',
    /^\/api\/v1\/tickets$/,
    ({ json: { comments_attributes, ...t } }) => {
      const ticket: Ticket = { id: 4100 + tickets.size, asset_ids: [], ...t, comments: comments_attributes };
      tickets.set(ticket.id, ticket);
      return { status: 200, json: { ticket: { ...ticket, number: 1000 + tickets.size } } };
    },
  ],
  [
    'GET',
    /^\/api\/v1\/tickets$/,
    ({ query }) => {
      const term = query.get('query')?.toLowerCase() ?? '';
      const found = [...tickets.values()].filter(
        (t) => (!query.has('customer_id') || t.customer_id === Number(query.get('customer_id'))) && [t.subject, ...t.comments.map((m) => m.body)].some((x) => x.toLowerCase().includes(term)),
      );
      // The list answers tickets without their comments.
      return { status: 200, json: { tickets: found.map(({ comments: _, ...t }) => t), meta: { total_pages: 1, page: 1 } } };
    },
  ],
  ['GET', /^\/api\/v1\/tickets\/settings$/, () => ({ status: 200, json: SETTINGS })],
  [
    'GET',
    /^\/api\/v1\/customers$/,
    ({ query }) => {
      const term = query.get('query')?.toLowerCase() ?? '';
      const found = CUSTOMERS.filter((c) => [c.business_name, c.fullname].some((x) => x.toLowerCase().includes(term)));
      const page = Number(query.get('page') ?? 1);
      return { status: 200, json: { customers: found.slice((page - 1) * PER_PAGE, page * PER_PAGE), meta: { total_pages: Math.ceil(found.length / PER_PAGE), page } } };
    },
  ],
  ['GET', /^\/api\/v1\/tickets\/(\d+)$/, (_, [, id]) => (found(id!) ? { status: 200, json: { ticket: found(id!) } } : { status: 404, json: {} })],
  ['POST', /^\/api\/v1\/tickets\/(\d+)\/comment$/, ({ json }, [, id]) => (found(id!)!.comments.push(json), { status: 200, json: { comment: json } })],
  ['PUT', /^\/api\/v1\/tickets\/(\d+)$/, ({ json }, [, id]) => (Object.assign(found(id!)!, json), { status: 200, json: { ticket: found(id!) } })],
];

beforeEach(async () => {
  tickets = new Map();
  vendor = await startFakeVendor(routes, check);
});
afterEach(() => vendor.close());

const configure = (over: Record<string, unknown> = {}) => syncroTicketing.config.parse({ url: vendor.url, apiKey: KEY, customerId: '311', ...over });
const ctx = channelContext();

describe('Syncro ticketing', () => {
  it('opens a ticket for the customer and its asset, adds hidden notes, and resolves it', async () => {
    const c = configure();
    const req = ticketRequests({ assetId: '5512' });
    const opened = await syncroTicketing.open(c, req.open, ctx);
    expect(opened).toMatchObject({ ok: true, ticket: { id: '4100', url: `${vendor.url}/tickets/4100` } });
    const ticket = tickets.get(4100)!;
    expect(ticket).toMatchObject({ customer_id: 311, subject: req.open.subject, problem_type: 'Other', status: 'New', priority: '1 High', asset_ids: [5512] });
    expect(ticket.comments).toEqual([{ subject: 'Issue', body: `${req.open.body}\n\n${req.open.marker}`, hidden: true, do_not_email: true }]);
    expect(req.open.body).toContain('Status: Error');

    expect(await syncroTicketing.note(c, opened.ticket!, req.note, ctx)).toMatchObject({ ok: true });
    expect(await syncroTicketing.close(c, opened.ticket!, req.close, ctx)).toMatchObject({ ok: true });
    expect(ticket.comments.map((m) => [m.subject, m.body])).toEqual([
      ['Issue', `${req.open.body}\n\n${req.open.marker}`],
      ['Update', req.note.body],
      ['Completed', req.close.body],
    ]);
    expect(ticket.status).toBe('Resolved');
    expect(vendor.refused).toEqual([]);
  });

  it('opens a warning with the low priority, for the customer and issue type of the check', async () => {
    const c = configure({ priorities: { high: '0 Urgent', low: '' }, problemType: 'Backup' });
    const opened = await syncroTicketing.open(c, ticketRequests({ customerId: '77' }).openWarning, ctx);
    expect(opened.ok).toBe(true);
    const ticket = tickets.get(4100)!;
    expect(ticket).toMatchObject({ customer_id: 77, problem_type: 'Backup' });
    // The sample check's asset ("WS-0042") is no Syncro asset id, and an empty priority is left out.
    expect(ticket).not.toHaveProperty('priority');
    expect(ticket.asset_ids).toEqual([]);
    await syncroTicketing.open(configure(), ticketRequests().openWarning, ctx);
    expect(tickets.get(4101)!.priority).toBe('3 Low');
  });

  it('writes nothing to a ticket a person resolved, or moved to a status that begins with "Resolved"', async () => {
    const c = configure();
    const req = ticketRequests();
    const opened = await syncroTicketing.open(c, req.open, ctx);
    for (const status of ['Resolved', 'Resolved - Remote', 'Invoiced']) {
      tickets.get(4100)!.status = status;
      const writes = vendor.requests.filter((r) => r.method !== 'GET').length;
      expect(await syncroTicketing.note(c, opened.ticket!, req.note, ctx)).toEqual({ ok: true, status: 200, alreadyClosed: true });
      expect(await syncroTicketing.close(c, opened.ticket!, req.close, ctx)).toEqual({ ok: true, status: 200, alreadyClosed: true });
      expect(vendor.requests.filter((r) => r.method !== 'GET').length).toBe(writes);
    }
    expect(tickets.get(4100)!.comments).toHaveLength(1);
  });

  it('refuses to open a ticket without a customer, and cannot be helped by waiting', async () => {
    const outcome = await syncroTicketing.open(configure({ customerId: undefined }), ticketRequests().open, ctx);
    expect(outcome).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('customerId') });
    expect(vendor.requests).toEqual([]);
  });

  it('retries through an outage, but not a refusal', async () => {
    const c = configure();
    const req = ticketRequests();
    vendor.down = { status: 503, text: 'maintenance' };
    expect(await syncroTicketing.open(c, req.open, ctx)).toMatchObject({ ok: false, retryable: true, status: 503 });
    vendor.down = null;
    const opened = await syncroTicketing.open(c, req.open, ctx);
    expect(opened.ok).toBe(true);
    vendor.down = { status: 503 };
    expect(await syncroTicketing.note(c, opened.ticket!, req.note, ctx)).toMatchObject({ ok: false, retryable: true });
    vendor.down = { status: 422, json: { message: 'Customer not found' } };
    expect(await syncroTicketing.open(c, req.open, ctx)).toMatchObject({ ok: false, retryable: false, status: 422 });
    vendor.down = null;
    expect(await syncroTicketing.open(configure({ apiKey: 'wrong' }), req.open, ctx)).toMatchObject({ ok: false, retryable: false, status: 400 });
  });

  it('adopts the ticket a create made when its answer was lost, by the marker in its first comment, and finds none where there is none', async () => {
    const c = configure();
    await syncroTicketing.open(c, { ...ticketRequests().open, marker: 'backwatch-incident-40-7' }, ctx);
    await expectNothingFound({ adapter: syncroTicketing, config: c, ctx, vendor });
    tickets.clear();
    const ticket = await expectLostAnswerAdopted({
      adapter: syncroTicketing,
      config: c,
      vendor,
      ctx,
      isCreate: (r) => r.method === 'POST' && r.path === '/api/v1/tickets',
      tickets: () => [...tickets.values()],
    });
    expect(ticket).toEqual({ id: '4100', url: `${vendor.url}/tickets/4100` });
    expect(tickets.get(4100)).toMatchObject({ status: 'Resolved', comments: [{}, {}, {}] });
    const search = vendor.requests.filter((r) => r.method === 'GET' && r.path === '/api/v1/tickets').at(-1)!;
    expect(Object.fromEntries(search.query)).toEqual({ customer_id: '311', query: 'backwatch-incident-41-7' });
  });

  it('does not adopt a ticket the search matched whose comments do not carry the marker', async () => {
    const c = configure();
    await syncroTicketing.open(c, ticketRequests().open, ctx);
    tickets.get(4100)!.comments[0]!.body = 'backwatch-incident-41-77';
    expect(await syncroTicketing.find!(c, ticketRequests().open, ctx)).toEqual({ ok: true, status: 200 });
    expect(vendor.requests.filter((r) => r.method === 'GET' && r.path === '/api/v1/tickets/4100')).toHaveLength(1);
  });

  it('lists customers (searched by Syncro, paged), issue types and ticket statuses', async () => {
    const { customers, types, statuses } = syncroTicketing.lookups!;
    const first = await customers!.list(configure(), { search: null, page: null, parent: null }, ctx);
    expect(first).toMatchObject({ ok: true, nextPage: '2' });
    expect(first.ok && first.items.slice(0, 2)).toEqual([
      { id: '300', name: 'Person 0' },
      { id: '301', name: 'Client 1' },
    ]);
    const last = await customers!.list(configure(), { search: null, page: '3', parent: null }, ctx);
    expect(last).toMatchObject({ ok: true, nextPage: null });
    expect(last.ok && last.items).toHaveLength(10);
    const searched = await customers!.list(configure(), { search: 'client 5', page: null, parent: null }, ctx);
    expect(searched.ok && searched.items.map((x) => x.id)).toEqual(['305', '350', '351', '353', '354', '355', '357', '358', '359']);
    expect(await types!.list(configure(), { search: 'back', page: null, parent: null }, ctx)).toEqual({ ok: true, items: [{ id: 'Backup', name: 'Backup' }], nextPage: null });
    const all = await statuses!.list(configure(), { search: null, page: null, parent: null }, ctx);
    expect(all.ok && all.items.map((x) => x.id)).toEqual(SETTINGS.ticket_status_list);
    expect(vendor.refused).toEqual([]);
  });

  it('names the customer, issue type or status the account does not have', async () => {
    expect(await settingProblems(syncroTicketing, configure({ customerId: '359', problemType: 'Backup' }), ctx)).toEqual([]);
    expect(await settingProblems(syncroTicketing, configure({ customerId: '999', problemType: 'Backups', closedStatuses: ['Resolved', 'Done'] }), ctx)).toEqual([
      { path: 'customerId', message: 'no customer "999"' },
      { path: 'problemType', message: 'no issue type "Backups"' },
      { path: 'closedStatuses', message: 'no ticket status "Done"' },
    ]);
    vendor.down = { status: 503 };
    expect(await settingProblems(syncroTicketing, configure({ customerId: '999' }), ctx)).toEqual([]);
  });

  it('verifies the API key with the current user', async () => {
    expect(await syncroTicketing.verify(configure(), ctx)).toMatchObject({ ok: true, status: 200 });
    expect(vendor.requests[0]).toMatchObject({ method: 'GET', path: '/api/v1/me' });
    expect(vendor.refused).toEqual([]);
  });
});
