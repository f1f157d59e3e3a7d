import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelContext } from '../../../../test/helpers/channels.js';
import { type FakeVendor, type Route, startFakeVendor, type VendorRequest } from '../../../../test/helpers/fake-vendor.js';
import { ticketRequests } from '../../../../test/helpers/ticket-requests.js';
import { freshdeskTicketing } from './freshdesk.ticketing.js';
import { htmlText } from './vendor.html.js';

const API_KEY = 'sFbWcQ3nBk9XyJtRz2Lm';
const CREATE_FIELDS = ['email', 'subject', 'description', 'priority', 'status', 'source', 'tags', 'group_id', 'company_id'];

interface Ticket {
  fields: Record<string, any>;
  status: number;
  deleted?: boolean;
  notes: { body: string; private: boolean }[];
}

let fake: FakeVendor;
let tickets: Map<number, Ticket>;

/** Refuses what API v2 documents no shape for, as Freshdesk refuses unknown fields ("invalid_field"). */
function freshdeskShape(req: VendorRequest): string | null {
  if (!req.path.startsWith('/api/v2/')) return 'not API v2';
  if (req.headers.authorization !== `Basic ${Buffer.from(`${API_KEY}:X`).toString('base64')}`) return `authorization ${req.headers.authorization ?? 'missing'}`;
  if (req.method === 'GET') return null;
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

const ticket = (m: RegExpMatchArray) => tickets.get(Number(m[1]));
const show = (id: number) => ({ status: 200, json: { id, status: tickets.get(id)!.status, deleted: tickets.get(id)!.deleted ?? false } });
const routes: Route[] = [
  ['POST', /^\/api\/v2\/tickets$/, (req) => {
    if (req.json.company_id === 404) return { status: 400, json: { description: 'Validation failed', errors: [{ field: 'company_id', code: 'invalid_value' }] } };
    tickets.set(tickets.size + 1, { fields: req.json, status: req.json.status, notes: [] });
    return { ...show(tickets.size), status: 201 };
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
      tags: ['backwatch'],
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
