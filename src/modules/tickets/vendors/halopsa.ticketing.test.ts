import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelContext } from '../../../../test/helpers/channels.js';
import { type FakeVendor, type Route, startFakeVendor, type VendorAnswer, type VendorRequest } from '../../../../test/helpers/fake-vendor.js';
import { expectLostAnswerAdopted, expectNothingFound } from '../../../../test/helpers/lost-answer.js';
import { ticketRequests } from '../../../../test/helpers/ticket-requests.js';
import { settingProblems } from '../tickets.lookups.js';
import { halopsaTicketing } from './halopsa.ticketing.js';

type Ticket = { id: number; summary: string; details_html: string; client_id: number; site_id?: number; priority_id: number; assets?: { id: number }[]; status_id: number };

let vendor: FakeVendor;
let tickets: Map<number, Ticket>;
let actions: Record<string, unknown>[];
let issued: string[];
let valid: Set<string>;
/** Whether tokens Halo issues are then accepted (false: the application lost its rights). */
let honour: boolean;

const isId = (v: unknown) => Number.isInteger(v) && (v as number) > 0;

const CLIENTS = Array.from({ length: 60 }, (_, n) => ({ id: 12 + n, name: `Client ${String(n).padStart(2, '0')}` }));
const SITES = [
  { id: 34, name: 'Head Office', client_id: 12 },
  { id: 35, name: 'Warehouse', client_id: 12 },
  { id: 36, name: 'Main', client_id: 13 },
];
const STATUSES = [
  { id: 1, name: 'New' },
  { id: 8, name: 'Resolved' },
  { id: 9, name: 'Closed' },
];
const TICKET_TYPES = [
  { id: 1, name: 'Incident' },
  { id: 21, name: 'Backup Alert' },
];
// Priorities come per SLA; priorityid is what a ticket's priority_id takes.
const PRIORITIES = [
  { id: 101, priorityid: 1, name: 'Critical', slaid: 1 },
  { id: 102, priorityid: 2, name: 'High', slaid: 1 },
  { id: 104, priorityid: 4, name: 'Low', slaid: 1 },
  { id: 202, priorityid: 2, name: 'High', slaid: 2 },
];
const OUTCOMES = [
  { id: 7, outcome: 'Private Note' },
  { id: 1, outcome: 'Email User' },
];

/** The query parameters each list takes, as Halo documents them; anything else is refused. */
const QUERY: [RegExp, string[]][] = [
  [/^\/api\/Tickets$/, ['count', 'search_details', 'client_id', 'pageinate', 'page_size', 'page_no']],
  [/^\/api\/Client$/, ['search', 'pageinate', 'page_size', 'page_no']],
  [/^\/api\/Site$/, ['client_id', 'search', 'pageinate', 'page_size', 'page_no']],
];
const NUMBERS = ['count', 'client_id', 'page_size', 'page_no'];

/** Halo's paged answer: `record_count` (all that match) and the page under the entity's key. */
function paged<T>(req: VendorRequest, key: string, rows: T[], show: (row: T) => unknown = (row) => row) {
  const size = Number(req.query.get('page_size') ?? rows.length);
  const page = Number(req.query.get('page_no') ?? 1);
  const on = req.query.get('pageinate') === 'true';
  const shown = on ? rows.slice((page - 1) * size, page * size) : rows.slice(0, Number(req.query.get('count') ?? rows.length));
  return { status: 200, json: { record_count: rows.length, [key]: shown.map(show) } };
}
const searched = <T extends { name: string }>(req: VendorRequest, rows: T[]) => rows.filter((r) => !req.query.get('search') || r.name.toLowerCase().includes(req.query.get('search')!.toLowerCase()));

/** What Halo documents: a client-credentials token from /auth/token (with the tenant), and arrays of Faults and Actions on /api. */
function check(req: VendorRequest): string | null {
  if (req.path === '/auth/token') {
    if (req.method !== 'POST' || !req.headers['content-type']?.includes('application/x-www-form-urlencoded')) return 'a form POST';
    if (req.query.get('tenant') !== 'acme') return 'hosted instances name the tenant';
    const f = req.json;
    return f.grant_type === 'client_credentials' && f.client_id === 'app-id' && f.client_secret === 'app-secret' && f.scope === 'all' ? null : 'invalid_client';
  }
  if (!req.path.startsWith('/api/')) return 'not the API';
  if (req.method === 'GET') {
    const allowed = QUERY.find(([path]) => path.test(req.path))?.[1] ?? [];
    for (const [name, value] of req.query) {
      if (!allowed.includes(name)) return `unknown query parameter ${name}`;
      if (NUMBERS.includes(name) && !/^[1-9]\d*$/.test(value)) return `${name} is a positive number`;
      if (name === 'pageinate' && !['true', 'false'].includes(value)) return 'pageinate is true or false';
    }
  }
  if (req.method !== 'POST') return null;
  if (!Array.isArray(req.json) || req.json.length !== 1) return 'POST takes an array of objects';
  const [b] = req.json;
  if (req.path === '/api/Tickets') {
    if (typeof b.summary !== 'string' || !b.summary || typeof b.details_html !== 'string') return 'a ticket has a summary and details';
    if (!isId(b.client_id) || !isId(b.priority_id) || ('site_id' in b && !isId(b.site_id))) return 'client_id, site_id and priority_id are ids';
    if ('assets' in b && !(Array.isArray(b.assets) && b.assets.every((a: { id: unknown }) => isId(a.id)))) return 'assets are [{ id }]';
  }
  if (req.path === '/api/Actions' && (!isId(b.ticket_id) || !isId(b.outcome_id) || typeof b.note_html !== 'string' || typeof b.hiddenfromuser !== 'boolean')) return 'an action has a ticket, an outcome and a note';
  return null;
}

const authed = (handle: Route[2]): Route[2] => (req, m): VendorAnswer =>
  valid.has(req.headers.authorization?.replace(/^Bearer /, '') ?? '') ? handle(req, m) : { status: 401, json: { error: 'invalid_token' } };

beforeEach(async () => {
  tickets = new Map();
  actions = [];
  issued = [];
  valid = new Set();
  honour = true;
  vendor = await startFakeVendor(
    [
      ['POST', /^\/auth\/token$/, () => {
        issued.push(`token-${issued.length}`);
        if (honour) valid.add(issued.at(-1)!);
        return { status: 200, json: { access_token: issued.at(-1), token_type: 'Bearer', expires_in: 3600 } };
      }],
      ['POST', /^\/api\/Tickets$/, authed((req) => {
        const ticket = { id: 120 + tickets.size, status_id: 1, ...req.json[0] };
        tickets.set(ticket.id, ticket);
        return { status: 201, json: ticket };
      })],
      ['GET', /^\/api\/Tickets$/, authed((req) => {
        const search = req.query.get('search_details');
        const client = req.query.get('client_id');
        const found = [...tickets.values()].filter((t) => (!search || t.details_html.replace(/<[^>]+>/g, ' ').includes(search)) && (!client || t.client_id === Number(client)));
        return paged(req, 'tickets', found, ({ id, summary, client_id, status_id }) => ({ id, summary, client_id, status_id }));
      })],
      ['GET', /^\/api\/Client$/, authed((req) => paged(req, 'clients', searched(req, CLIENTS)))],
      ['GET', /^\/api\/Site$/, authed((req) => paged(req, 'sites', searched(req, SITES).filter((s) => !req.query.get('client_id') || s.client_id === Number(req.query.get('client_id')))))],
      ['GET', /^\/api\/Status$/, authed(() => ({ status: 200, json: STATUSES }))],
      ['GET', /^\/api\/TicketType$/, authed(() => ({ status: 200, json: TICKET_TYPES }))],
      ['GET', /^\/api\/Priority$/, authed(() => ({ status: 200, json: PRIORITIES }))],
      ['GET', /^\/api\/Outcome$/, authed(() => ({ status: 200, json: OUTCOMES }))],
      ['GET', /^\/api\/Tickets\/(\d+)$/, authed((_, m) => (tickets.has(Number(m[1])) ? { status: 200, json: tickets.get(Number(m[1])) } : { status: 404, text: 'not found' }))],
      ['POST', /^\/api\/Actions$/, authed((req) => {
        const [action] = req.json;
        actions.push(action);
        if (action.new_status) tickets.get(action.ticket_id)!.status_id = action.new_status;
        return { status: 201, json: { id: actions.length, ...action } };
      })],
    ],
    check,
  );
});
afterEach(() => vendor.close());

const configure = (over: Record<string, unknown> = {}) =>
  halopsaTicketing.config.parse({ url: vendor.url, tenant: 'acme', apiClientId: 'app-id', apiClientSecret: 'app-secret', ...over });
const requests = ticketRequests({ clientId: '12', siteId: '34', assetId: '56' });

describe('HaloPSA tickets', () => {
  it('opens a ticket, adds private notes while the problem lasts, and closes it on recovery, with one token', async () => {
    const c = configure();
    const opened = await halopsaTicketing.open(c, requests.open, channelContext());
    expect(opened).toEqual({ ok: true, status: 201, ticket: { id: '120', url: `${vendor.url}/ticket?id=120` } });
    expect(tickets.get(120)).toMatchObject({ summary: 'Failure: User01: Documents (Acme Corp)', client_id: 12, site_id: 34, priority_id: 2, assets: [{ id: 56 }] });
    expect(tickets.get(120)!.details_html).toContain('backwatch opened this ticket because the backup check "User01: Documents" of Acme Corp is Failure');
    expect(tickets.get(120)!.details_html).toContain('Report: Error - Backup of "Documents"<br>');
    expect(tickets.get(120)!.details_html).toMatch(/<br><br><small>backwatch-incident-41-7<\/small>$/);

    expect(await halopsaTicketing.note(c, opened.ticket!, requests.note, channelContext())).toEqual({ ok: true, status: 201 });
    expect(await halopsaTicketing.close(c, opened.ticket!, requests.close, channelContext())).toEqual({ ok: true, status: 201 });
    expect(actions).toEqual([
      { ticket_id: 120, outcome_id: 7, note_html: expect.stringContaining('Another report with status Failure'), hiddenfromuser: true },
      { ticket_id: 120, outcome_id: 7, note_html: expect.stringContaining('is Success again'), hiddenfromuser: true, new_status: 9 },
    ]);
    expect(tickets.get(120)!.status_id).toBe(9);
    expect(issued).toHaveLength(1);
    expect(vendor.refused).toEqual([]);
  });

  it('opens a warning with the low priority, on the channel defaults, and escapes the text', async () => {
    const c = configure({ clientId: 5, ticketTypeId: 21, priorities: { low: 3 } });
    const outcome = await halopsaTicketing.open(c, ticketRequests().openWarning, channelContext());
    expect(tickets.get(120)).toMatchObject({ client_id: 5, tickettype_id: 21, priority_id: 3 });
    expect(tickets.get(120)).not.toHaveProperty('assets');
    expect(tickets.get(120)!.details_html).toContain('&lt;with&gt; &amp; "quotes"');
    expect(outcome.response).toMatch(/assetId "WS-0042" is not a Halo asset id/);
    expect(vendor.refused).toEqual([]);
  });

  it('writes nothing to a ticket a person closed', async () => {
    const c = configure({ closedStatusIds: [8, 9] });
    const { ticket } = await halopsaTicketing.open(c, requests.open, channelContext());
    tickets.get(120)!.status_id = 8;
    expect(await halopsaTicketing.note(c, ticket!, requests.note, channelContext())).toEqual({ ok: true, alreadyClosed: true });
    expect(await halopsaTicketing.close(c, ticket!, requests.close, channelContext())).toEqual({ ok: true, alreadyClosed: true });
    expect(await halopsaTicketing.note(c, { id: '999', url: null }, requests.note, channelContext())).toEqual({ ok: true, alreadyClosed: true });
    expect(actions).toEqual([]);
  });

  it('adopts the ticket a create made when its answer was lost, and finds none where there is none', async () => {
    const c = configure();
    await expectNothingFound({ adapter: halopsaTicketing, config: c, ctx: channelContext(), vendor, fields: { clientId: '12' } });
    const ticket = await expectLostAnswerAdopted({
      adapter: halopsaTicketing,
      config: c,
      vendor,
      ctx: channelContext(),
      fields: { clientId: '12' },
      isCreate: (r) => r.method === 'POST' && r.path === '/api/Tickets',
      tickets: () => [...tickets.values()],
    });
    expect(ticket).toEqual({ id: '120', url: `${vendor.url}/ticket?id=120` });
    expect(actions.map((a) => a.ticket_id)).toEqual([120, 120]);
    expect(tickets.get(120)!.status_id).toBe(9);
    const search = vendor.requests.filter((r) => r.method === 'GET' && r.path === '/api/Tickets');
    expect(search.map((r) => [r.query.get('search_details'), r.query.get('client_id')])).toEqual(Array(2).fill(['backwatch-incident-41-7', '12']));
  });

  it('does not adopt a ticket whose details only look like the marker', async () => {
    const c = configure();
    await halopsaTicketing.open(c, ticketRequests({ clientId: '12' }).open, channelContext());
    tickets.get(120)!.details_html = 'See backwatch-incident-41-70 <small>backwatch-incident-41-70</small>';
    expect(await halopsaTicketing.find!(c, ticketRequests({ clientId: '12' }).open, channelContext())).toEqual({ ok: true, status: 200 });
    expect(vendor.requests.filter((r) => r.path === '/api/Tickets/120')).toHaveLength(1);
  });

  it('lists clients, a client\'s sites, ticket types, priorities, statuses and outcomes, searched and paged as Halo pages', async () => {
    const { clients, sites, tickettypes, priorities, statuses, outcomes } = halopsaTicketing.lookups!;
    const c = configure();
    const first = await clients!.list(c, { search: null, page: null, parent: null }, channelContext());
    expect(first).toMatchObject({ ok: true, nextPage: '2' });
    expect(first.ok && first.items.slice(0, 2)).toEqual([{ id: '12', name: 'Client 00' }, { id: '13', name: 'Client 01' }]);
    const second = await clients!.list(c, { search: null, page: '2', parent: null }, channelContext());
    expect(second).toMatchObject({ ok: true, nextPage: null });
    expect(second.ok && second.items).toHaveLength(10);
    const found = await clients!.list(c, { search: 'ent 1', page: null, parent: null }, channelContext());
    expect(found.ok && found.items.map((i) => i.id)).toEqual(Array.from({ length: 10 }, (_, n) => String(22 + n)));

    expect(await sites!.list(c, { search: null, page: null, parent: '12' }, channelContext())).toEqual({ ok: true, nextPage: null, items: [{ id: '34', name: 'Head Office' }, { id: '35', name: 'Warehouse' }] });
    expect(await sites!.list(c, { search: null, page: null, parent: null }, channelContext())).toMatchObject({ ok: false, retryable: false, error: 'choose a client first' });
    expect(await tickettypes!.list(c, { search: 'backup', page: null, parent: null }, channelContext())).toEqual({ ok: true, nextPage: null, items: [{ id: '21', name: 'Backup Alert' }] });
    expect(await priorities!.list(c, { search: null, page: null, parent: null }, channelContext())).toEqual({ ok: true, nextPage: null, items: [{ id: '1', name: 'Critical' }, { id: '2', name: 'High' }, { id: '4', name: 'Low' }] });
    expect(await statuses!.list(c, { search: 'clo', page: null, parent: null }, channelContext())).toEqual({ ok: true, nextPage: null, items: [{ id: '9', name: 'Closed' }] });
    expect(await outcomes!.list(c, { search: null, page: null, parent: null }, channelContext())).toEqual({ ok: true, nextPage: null, items: [{ id: '7', name: 'Private Note' }, { id: '1', name: 'Email User' }] });
    expect(vendor.refused).toEqual([]);
  });

  it('names the settings the tenant does not have', async () => {
    const good = configure({ clientId: 71, siteId: 35, ticketTypeId: 21, closedStatusIds: [8, 9], priorities: { high: 1, low: 4 } });
    expect(await settingProblems(halopsaTicketing, { ...good, clientId: 12 }, channelContext())).toEqual([]);
    const wrong = configure({ clientId: 72, ticketTypeId: 3, priorities: { high: 3 }, closedStatusIds: [9, 10], noteOutcomeId: 70 });
    expect(await settingProblems(halopsaTicketing, wrong, channelContext())).toEqual([
      { path: 'clientId', message: 'no client "72"' },
      { path: 'ticketTypeId', message: 'no ticket type "3"' },
      { path: 'priorities.high', message: 'no priority "3"' },
      { path: 'closedStatusIds', message: 'no status "10"' },
      { path: 'noteOutcomeId', message: 'no outcome "70"' },
    ]);
    expect(await settingProblems(halopsaTicketing, configure({ clientId: 13, siteId: 34 }), channelContext())).toEqual([{ path: 'siteId', message: 'no site "34" for clientId 13' }]);
    vendor.down = { status: 503 };
    expect(await settingProblems(halopsaTicketing, wrong, channelContext())).toEqual([]);
  });

  it('fetches a new token once when Halo no longer takes the cached one', async () => {
    const c = configure();
    expect(await halopsaTicketing.verify(c, channelContext())).toEqual({ ok: true, status: 200 });
    valid.clear();
    expect(await halopsaTicketing.open(c, requests.open, channelContext())).toMatchObject({ ok: true, ticket: { id: '120' } });
    expect(issued).toEqual(['token-0', 'token-1']);

    honour = false;
    valid.clear();
    expect(await halopsaTicketing.verify(c, channelContext())).toMatchObject({ ok: false, retryable: false, status: 401 });
    expect(issued).toHaveLength(3);
  });

  it('waits out an outage, and does not retry what Halo refuses', async () => {
    vendor.down = { status: 503 };
    expect(await halopsaTicketing.open(configure(), requests.open, channelContext())).toMatchObject({ ok: false, retryable: true, status: 503 });
    vendor.down = null;
    expect(await halopsaTicketing.open(configure(), requests.open, channelContext())).toMatchObject({ ok: true, ticket: { id: '120' } });

    expect(await halopsaTicketing.open(configure({ apiClientSecret: 'wrong' }), requests.open, channelContext())).toMatchObject({ ok: false, retryable: false, status: 400, error: /token request/ });
    expect(await halopsaTicketing.open(configure(), ticketRequests().open, channelContext())).toMatchObject({ ok: false, retryable: false, error: /no clientId/ });
    expect(await halopsaTicketing.verify(configure({ tenant: 'other' }), channelContext())).toMatchObject({ ok: false, retryable: false });
  });
});
