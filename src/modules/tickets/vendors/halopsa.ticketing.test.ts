import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelContext } from '../../../../test/helpers/channels.js';
import { type FakeVendor, type Route, startFakeVendor, type VendorAnswer, type VendorRequest } from '../../../../test/helpers/fake-vendor.js';
import { ticketRequests } from '../../../../test/helpers/ticket-requests.js';
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

/** What Halo documents: a client-credentials token from /auth/token (with the tenant), and arrays of Faults and Actions on /api. */
function check(req: VendorRequest): string | null {
  if (req.path === '/auth/token') {
    if (req.method !== 'POST' || !req.headers['content-type']?.includes('application/x-www-form-urlencoded')) return 'a form POST';
    if (req.query.get('tenant') !== 'acme') return 'hosted instances name the tenant';
    const f = req.json;
    return f.grant_type === 'client_credentials' && f.client_id === 'app-id' && f.client_secret === 'app-secret' && f.scope === 'all' ? null : 'invalid_client';
  }
  if (!req.path.startsWith('/api/')) return 'not the API';
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
      ['GET', /^\/api\/Tickets$/, authed(() => ({ status: 200, json: { record_count: tickets.size, tickets: [...tickets.values()] } }))],
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
