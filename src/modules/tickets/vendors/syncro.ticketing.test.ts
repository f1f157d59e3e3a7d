import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelContext } from '../../../../test/helpers/channels.js';
import { type FakeVendor, type Route, startFakeVendor, type VendorRequest } from '../../../../test/helpers/fake-vendor.js';
import { ticketRequests } from '../../../../test/helpers/ticket-requests.js';
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
  if (req.method === 'GET') return null;
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
    expect(ticket.comments).toEqual([{ subject: 'Issue', body: req.open.body, hidden: true, do_not_email: true }]);
    expect(req.open.body).toContain('Status: Error');

    expect(await syncroTicketing.note(c, opened.ticket!, req.note, ctx)).toMatchObject({ ok: true });
    expect(await syncroTicketing.close(c, opened.ticket!, req.close, ctx)).toMatchObject({ ok: true });
    expect(ticket.comments.map((m) => [m.subject, m.body])).toEqual([
      ['Issue', req.open.body],
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

  it('verifies the API key with the current user', async () => {
    expect(await syncroTicketing.verify(configure(), ctx)).toMatchObject({ ok: true, status: 200 });
    expect(vendor.requests[0]).toMatchObject({ method: 'GET', path: '/api/v1/me' });
    expect(vendor.refused).toEqual([]);
  });
});
