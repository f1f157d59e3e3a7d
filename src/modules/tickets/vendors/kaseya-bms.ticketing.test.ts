import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelContext } from '../../../../test/helpers/channels.js';
import { type FakeVendor, type Route, startFakeVendor, type VendorAnswer, type VendorRequest } from '../../../../test/helpers/fake-vendor.js';
import { ticketRequests } from '../../../../test/helpers/ticket-requests.js';
import { kaseyaBmsTicketing } from './kaseya-bms.ticketing.js';

// The BMS API v2 as documented, which this fake follows:
// - https://help.bms.kaseya.com/help/Content/BMS%20API/bms-api-v2-bms-rest-apis.html (region hosts, login with
//   username, password and company through /v2/security/authenticate, a bearer token for the rest)
// - the Swagger document https://api.bms.kaseya.com/swagger/v2/swagger.json, as split by tag in
//   github.com/api-evangelist/kaseya openapi/kaseya-security-api-openapi.yml and kaseya-tickets-api-openapi.yml
//   (TicketInputDto, TicketNotePostInputDto, the JSON Patch Operation, the { Success, Error, Result } envelope)

type Ticket = Record<string, any> & { Id: number; StatusId: number };

let vendor: FakeVendor;
let tickets: Map<number, Ticket>;
let notes: { ticketId: number; note: Record<string, unknown> }[];
let issued: string[];
let valid: Set<string>;
/** Whether tokens BMS issues are then accepted (false: the user lost its rights). */
let honour: boolean;

const isId = (v: unknown) => Number.isInteger(v) && (v as number) > 0;
const isDate = (v: unknown) => typeof v === 'string' && !Number.isNaN(Date.parse(v));
const TICKET_REQUIRED = ['Title', 'Details', 'AccountId', 'LocationId', 'StatusId', 'PriorityId', 'TypeId', 'SourceId', 'OpenDate'];
const TICKET_IDS = ['AccountId', 'LocationId', 'StatusId', 'PriorityId', 'TypeId', 'QueueId', 'IssueTypeId', 'SubIssueTypeId', 'HardwareAssetId'];

function check(req: VendorRequest): string | null {
  if (req.path === '/v2/security/authenticate') {
    if (req.method !== 'POST' || !req.headers['content-type']?.includes('application/x-www-form-urlencoded')) return 'a form POST';
    const f = req.json;
    return f.GrantType === 'password' && f.UserName === 'api@acme.example' && f.Tenant === 'Acme MSP' && typeof f.Password === 'string' ? null : 'GrantType, UserName, Password and Tenant';
  }
  if (!req.path.startsWith('/v2/')) return 'not the v2 API';
  if (!req.headers.authorization?.startsWith('Bearer ')) return 'a bearer token';
  const b = req.json;
  if (req.method === 'POST' && req.path === '/v2/servicedesk/tickets') {
    const missing = TICKET_REQUIRED.filter((k) => b?.[k] === undefined || b[k] === '');
    if (missing.length) return `TicketInputDto lacks ${missing.join(', ')}`;
    if (TICKET_IDS.some((k) => k in b && !isId(b[k])) || !Number.isInteger(b.SourceId) || !isDate(b.OpenDate)) return 'ids are positive integers, OpenDate a date';
    const unknown = Object.keys(b).filter((k) => ![...TICKET_REQUIRED, ...TICKET_IDS].includes(k));
    if (unknown.length) return `not in TicketInputDto: ${unknown.join(', ')}`;
  }
  if (req.method === 'POST' && /\/notes$/.test(req.path)) {
    if (typeof b?.Details !== 'string' || !b.Details || typeof b.IsInternal !== 'boolean' || !Number.isInteger(b.TypeId) || !isDate(b.NoteDate)) return 'TicketNotePostInputDto: Details, IsInternal, TypeId, NoteDate';
  }
  if (req.method === 'PATCH' && !(Array.isArray(b) && b.every((o) => ['replace', 'add'].includes(o.op) && typeof o.path === 'string'))) return 'PATCH takes JSON Patch operations';
  return null;
}

const authed = (handle: Route[2]): Route[2] => (req, m): VendorAnswer =>
  valid.has(req.headers.authorization?.replace(/^Bearer /, '') ?? '') ? handle(req, m) : { status: 401, json: { Message: 'Authorization has been denied for this request.' } };
const ok = (Result: unknown): VendorAnswer => ({ status: 200, json: { Success: true, Error: null, Result } });

beforeEach(async () => {
  tickets = new Map();
  notes = [];
  issued = [];
  valid = new Set();
  honour = true;
  vendor = await startFakeVendor(
    [
      ['POST', /^\/v2\/security\/authenticate$/, (req) => {
        if (req.json.Password !== 'pass-word') return { status: 200, json: { Success: false, Error: { Code: 401, Message: 'Invalid username or password' }, Result: null } };
        issued.push(`token-${issued.length}`);
        if (honour) valid.add(issued.at(-1)!);
        return ok({ AccessToken: issued.at(-1), RefreshToken: 'refresh', AccessTokenExpireOn: new Date(Date.now() + 3_600_000).toISOString() });
      }],
      ['GET', /^\/v2\/security\/userinfo$/, authed(() => ok({ UserId: 7, FullName: 'API user' }))],
      ['POST', /^\/v2\/servicedesk\/tickets$/, authed((req) => {
        const ticket = { ...req.json, Id: 3100 + tickets.size, TicketNumber: `T2026${tickets.size}` };
        tickets.set(ticket.Id, ticket);
        return ok(ticket);
      })],
      ['GET', /^\/v2\/servicedesk\/tickets\/(\d+)$/, authed((_, m) => (tickets.has(Number(m[1])) ? ok(tickets.get(Number(m[1]))) : { status: 404, json: { Success: false, Error: { Message: 'Ticket not found' } } }))],
      ['POST', /^\/v2\/servicedesk\/tickets\/(\d+)\/notes$/, authed((req, m) => {
        notes.push({ ticketId: Number(m[1]), note: req.json });
        return ok({ Id: notes.length, ...req.json });
      })],
      ['PATCH', /^\/v2\/servicedesk\/tickets\/(\d+)$/, authed((req, m) => {
        const ticket = tickets.get(Number(m[1]))!;
        for (const op of req.json) ticket[op.path.slice(1)] = op.value;
        return ok(ticket);
      })],
    ],
    check,
  );
});
afterEach(() => vendor.close());

const configure = (over: Record<string, unknown> = {}) =>
  kaseyaBmsTicketing.config.parse({
    apiUrl: vendor.url, tenant: 'Acme MSP', username: 'api@acme.example', password: 'pass-word',
    typeId: 2, newStatusId: 1, priorities: { high: 3, low: 1 }, noteTypeId: 4, closedStatusId: 6, ...over,
  });
const requests = ticketRequests({ accountId: '12', locationId: '34', queueId: '8', assetId: '56' });

describe('Kaseya BMS tickets', () => {
  it('opens a ticket, adds internal notes while the problem lasts, and closes it on recovery, with one token', async () => {
    const c = configure();
    const opened = await kaseyaBmsTicketing.open(c, requests.open, channelContext());
    expect(opened).toEqual({ ok: true, status: 200, ticket: { id: '3100', url: null } });
    expect(tickets.get(3100)).toMatchObject({ Title: 'Failure: User01: Documents (Acme Corp)', AccountId: 12, LocationId: 34, QueueId: 8, HardwareAssetId: 56, PriorityId: 3, StatusId: 1, TypeId: 2, SourceId: 5 });
    expect(tickets.get(3100)!.Details).toContain('backwatch opened this ticket because the backup check &quot;User01: Documents&quot; of Acme Corp is Failure');
    expect(tickets.get(3100)!.Details).toContain('Report: Error - Backup of &quot;Documents&quot;<br>');

    expect(await kaseyaBmsTicketing.note(c, opened.ticket!, requests.note, channelContext())).toEqual({ ok: true, status: 200 });
    expect(await kaseyaBmsTicketing.close(c, opened.ticket!, requests.close, channelContext())).toEqual({ ok: true, status: 200 });
    expect(notes).toEqual([
      { ticketId: 3100, note: { Details: expect.stringContaining('Another report with status Failure'), IsInternal: true, TypeId: 4, NoteDate: expect.any(String) } },
      { ticketId: 3100, note: { Details: expect.stringContaining('is Success again'), IsInternal: true, TypeId: 4, NoteDate: expect.any(String) } },
    ]);
    expect(tickets.get(3100)!.StatusId).toBe(6);
    expect(issued).toHaveLength(1);
    expect(vendor.refused).toEqual([]);
  });

  it('opens a warning with the low priority on the channel defaults, and escapes the text', async () => {
    const c = configure({ accountId: 5, locationId: 9, issueTypeId: 21, subIssueTypeId: 22 });
    const outcome = await kaseyaBmsTicketing.open(c, ticketRequests().openWarning, channelContext());
    expect(tickets.get(3100)).toMatchObject({ AccountId: 5, LocationId: 9, PriorityId: 1, IssueTypeId: 21, SubIssueTypeId: 22 });
    expect(tickets.get(3100)).not.toHaveProperty('HardwareAssetId');
    expect(tickets.get(3100)).not.toHaveProperty('QueueId');
    expect(tickets.get(3100)!.Details).toContain('&lt;with&gt; &amp; &quot;quotes&quot;');
    expect(outcome.response).toMatch(/assetId "WS-0042" is not a BMS hardware asset id/);
    expect(vendor.refused).toEqual([]);
  });

  it("does not put the channel's location on another account's ticket", async () => {
    const c = configure({ accountId: 5, locationId: 9 });
    expect(await kaseyaBmsTicketing.open(c, ticketRequests({ accountId: '12' }).open, channelContext())).toMatchObject({ ok: false, retryable: false, error: /no locationId for account 12/ });
    expect(await kaseyaBmsTicketing.open(configure(), ticketRequests().open, channelContext())).toMatchObject({ ok: false, retryable: false, error: /no accountId/ });
    expect(await kaseyaBmsTicketing.open(c, ticketRequests({ queueId: 'Support' }).open, channelContext())).toMatchObject({ ok: false, error: 'queueId must be a number, not "Support"' });
    expect(vendor.requests).toEqual([]);
  });

  it('writes nothing to a ticket a person closed', async () => {
    const c = configure({ closedStatusIds: [7] });
    const { ticket } = await kaseyaBmsTicketing.open(c, requests.open, channelContext());
    tickets.get(3100)!.StatusId = 7;
    expect(await kaseyaBmsTicketing.note(c, ticket!, requests.note, channelContext())).toEqual({ ok: true, alreadyClosed: true });
    expect(await kaseyaBmsTicketing.close(c, ticket!, requests.close, channelContext())).toEqual({ ok: true, alreadyClosed: true });
    expect(await kaseyaBmsTicketing.note(c, { id: '999', url: null }, requests.note, channelContext())).toEqual({ ok: true, alreadyClosed: true });
    expect(notes).toEqual([]);
    expect(vendor.refused).toEqual([]);
  });

  it('signs in again once when BMS no longer takes the cached token', async () => {
    const c = configure();
    expect(await kaseyaBmsTicketing.verify(c, channelContext())).toEqual({ ok: true, status: 200 });
    valid.clear();
    expect(await kaseyaBmsTicketing.open(c, requests.open, channelContext())).toMatchObject({ ok: true, ticket: { id: '3100' } });
    expect(issued).toEqual(['token-0', 'token-1']);

    honour = false;
    valid.clear();
    expect(await kaseyaBmsTicketing.verify(c, channelContext())).toMatchObject({ ok: false, retryable: false, status: 401 });
    expect(issued).toHaveLength(3);
    expect(vendor.refused).toEqual([]);
  });

  it('waits out an outage, and does not retry what BMS refuses, with its words', async () => {
    vendor.down = { status: 503 };
    expect(await kaseyaBmsTicketing.open(configure(), requests.open, channelContext())).toMatchObject({ ok: false, retryable: true, status: 503 });
    vendor.down = { status: 429, headers: { 'retry-after': '30' } };
    expect(await kaseyaBmsTicketing.verify(configure(), channelContext())).toMatchObject({ ok: false, retryable: true, status: 429, error: /retry after 30 s/ });
    vendor.down = null;
    expect(await kaseyaBmsTicketing.open(configure(), requests.open, channelContext())).toMatchObject({ ok: true, ticket: { id: '3100' } });

    expect(await kaseyaBmsTicketing.verify(configure({ password: 'wrong' }), channelContext())).toMatchObject({ ok: false, retryable: false, error: 'token request: Invalid username or password' });
    vendor.down = { status: 403, json: { Success: false, Error: { Code: 403, Message: 'You do not have access to this queue' } } };
    expect(await kaseyaBmsTicketing.open(configure(), requests.open, channelContext())).toMatchObject({ ok: false, retryable: false, status: 403, error: /queue/ });
    vendor.down = null;
    expect(vendor.refused).toEqual([]);
  });
});
