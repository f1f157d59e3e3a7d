import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelContext } from '../../../../test/helpers/channels.js';
import { type FakeVendor, type Route, startFakeVendor, type VendorAnswer, type VendorRequest } from '../../../../test/helpers/fake-vendor.js';
import { expectLostAnswerAdopted, expectNothingFound } from '../../../../test/helpers/lost-answer.js';
import { MARKER, ticketRequests } from '../../../../test/helpers/ticket-requests.js';
import { settingProblems } from '../tickets.lookups.js';
import { kaseyaBmsTicketing } from './kaseya-bms.ticketing.js';

// The BMS API v2 as documented, which this fake follows:
// - https://help.bms.kaseya.com/help/Content/BMS%20API/bms-api-v2-bms-rest-apis.html (region hosts, login with
//   username, password and company through /v2/security/authenticate, a bearer token for the rest)
// - the Swagger document https://api.bms.kaseya.com/swagger/v2/swagger.json, as split by tag in
//   github.com/api-evangelist/kaseya openapi/kaseya-security-api-openapi.yml and kaseya-tickets-api-openapi.yml
//   (TicketInputDto, TicketNotePostInputDto, the JSON Patch Operation, the { Success, Error, Result } envelope),
//   kaseya-accounts-api-openapi.yml (GetAccounts, GetAccountLocations) and kaseya-queues-api-openapi.yml (GetQueueLookups);
//   openapi/kaseya-bms-openapi-original.json for GetStatusLookups, GetPriorityLookups, GetIssueTypeLookups (Filter.Name)
//   and GetIssueSubTypeLookups, with their StatusLookupOutputDto, PriorityLookupOutputDto, IssueTypeLookupOutputDto and
//   IssueSubTypeLookupOutputDto

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

/** GetTicketsInputDto and its TicketFilterDto, as SearchTickets takes them. */
const SEARCH_KEYS = ['PageSize', 'PageNumber', 'Sort', 'Exclude', 'Filter'];
const TICKET_FILTER_KEYS = [
  'IsScheduled', 'IsRecurringTickets', 'Title', 'Account', 'LocationName', 'AccountCode', 'AssigneeName', 'TicketNumber', 'CreatedByName', 'Details',
  'ContactName', 'StatusNames', 'QueueNames', 'PriorityNames', 'TicketTypeNames', 'IssueTypeNames', 'ServiceLevelAgreementNames', 'SubIssueTypeNames',
  'SourceIds', 'ExcludeCompleted', 'OpenDateFrom', 'OpenDateTo', 'CompletedDateFrom', 'CompletedDateTo', 'LastActivityUpdateFrom', 'LastActivityUpdateTo',
  'CreatedOnFrom', 'CreatedOnTo', 'LastStatusUpdateFrom', 'LastStatusUpdateTo', 'LastPriorityUpdateFrom', 'LastPriorityUpdateTo', 'LastQueueUpdateFrom',
  'LastQueueUpdateTo', 'DueDateFrom', 'DueDateTo', 'ResolutionTargetTimeFrom', 'ResolutionTargetTimeTo', 'ContactId', 'HardwareAssetId', 'AccountLocationId',
  'AccountIds', 'SLAEventStatusIds', 'FromDate', 'ToDate', 'Value', 'ActionType', 'HardwareAssetName', 'OwnerIds',
];
/** The query parameters each GET takes (GetAccounts pages, GetIssueTypeLookups filters by name; the other lookups take none). */
const GET_PARAMS: [RegExp, string[]][] = [
  [/^\/v2\/crm\/accounts\/lookup$/, ['Filter.Ids', 'Filter.Name', 'Filter.WithSecurityScope', 'Filter.WithInactiveAccounts', 'Sort', 'Exclude', 'PageSize', 'PageNumber']],
  [/^\/v2\/crm\/accounts\/\d+\/locations\/lookup$/, []],
  [/^\/v2\/system\/queues\/lookup$/, []],
  [/^\/v2\/system\/statuses\/lookup$/, []],
  [/^\/v2\/system\/priorities\/lookup$/, []],
  [/^\/v2\/system\/issuetypes\/lookup$/, ['Filter.Name']],
  [/^\/v2\/system\/issuetypes\/\d+\/issuesubtypes\/lookup$/, []],
  [/^\/v2\/servicedesk\/tickets\/\d+$/, []],
  [/^\/v2\/security\/userinfo$/, []],
];
const isCount = (v: unknown) => Number.isInteger(v) && (v as number) > 0;

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
  if (req.method === 'POST' && req.path === '/v2/servicedesk/tickets/search') {
    const unknown = [...Object.keys(b ?? {}).filter((k) => !SEARCH_KEYS.includes(k)), ...Object.keys(b?.Filter ?? {}).filter((k) => !TICKET_FILTER_KEYS.includes(k))];
    if (unknown.length) return `not in GetTicketsInputDto: ${unknown.join(', ')}`;
    if (!['PageSize', 'PageNumber'].every((k) => b[k] === undefined || isCount(b[k]))) return 'PageSize and PageNumber are positive integers';
    if (b.Filter && Object.entries(b.Filter).some(([k, v]) => !['ExcludeCompleted', 'IsScheduled', 'IsRecurringTickets', 'ContactId', 'HardwareAssetId', 'AccountLocationId', 'ActionType'].includes(k) && typeof v !== 'string')) return 'the text filters are strings';
  }
  if (req.method === 'GET') {
    const params = GET_PARAMS.find(([path]) => path.test(req.path))?.[1];
    if (!params) return 'no such GET';
    const unknown = [...req.query.keys()].filter((k) => !params.includes(k));
    if (unknown.length) return `not a parameter of ${req.path}: ${unknown.join(', ')}`;
    for (const k of ['PageSize', 'PageNumber']) if (req.query.has(k) && !/^[1-9]\d*$/.test(req.query.get(k)!)) return `${k} is a positive integer`;
  }
  if (req.method === 'PATCH' && !(Array.isArray(b) && b.every((o) => ['replace', 'add'].includes(o.op) && typeof o.path === 'string'))) return 'PATCH takes JSON Patch operations';
  return null;
}

const authed = (handle: Route[2]): Route[2] => (req, m): VendorAnswer =>
  valid.has(req.headers.authorization?.replace(/^Bearer /, '') ?? '') ? handle(req, m) : { status: 401, json: { Message: 'Authorization has been denied for this request.' } };
const ok = (Result: unknown): VendorAnswer => ({ status: 200, json: { Success: true, Error: null, Result } });
/** The tenant's lists: accounts (AccountLookupOutputDto), each with its locations, and the queues. */
const ACCOUNTS = Array.from({ length: 60 }, (_, n) => ({ Id: 100 + n, Name: `Client ${n}`, TenantName: 'Acme MSP', IsActive: true }));
const LOCATIONS = ACCOUNTS.flatMap((a) => [
  { Id: a.Id * 10, Name: 'Main office', AccountId: a.Id, IsMain: true },
  { Id: a.Id * 10 + 1, Name: 'Warehouse', AccountId: a.Id, IsMain: false },
]);
const QUEUES = [
  { Id: 8, Name: 'Help Desk', IsActive: true },
  { Id: 9, Name: 'Backups', IsActive: true },
  { Id: 10, Name: 'Projects', IsActive: false },
];
/** Ticket statuses and priorities (the configure() defaults are among them), issue types and their sub-issue types. */
const STATUSES = [
  { Id: 1, Name: 'New', Color: '#2196f3', FontColor: '#ffffff', StatusOrder: 1, TypeId: 1, IsSystemStatus: 1, SlaEventId: null, IsActive: true },
  { Id: 2, Name: 'In Progress', Color: '#ff9800', FontColor: '#ffffff', StatusOrder: 2, TypeId: 2, IsSystemStatus: 1, SlaEventId: null, IsActive: true },
  { Id: 6, Name: 'Completed', Color: '#4caf50', FontColor: '#ffffff', StatusOrder: 3, TypeId: 3, IsSystemStatus: 1, SlaEventId: null, IsActive: true },
  { Id: 7, Name: 'Closed', Color: '#9e9e9e', FontColor: '#ffffff', StatusOrder: 4, TypeId: 3, IsSystemStatus: 0, SlaEventId: null, IsActive: true },
];
const PRIORITIES = [
  { Id: 1, Name: 'Low', Color: '#8bc34a', IsDefault: false },
  { Id: 2, Name: 'Medium', Color: '#ffc107', IsDefault: true },
  { Id: 3, Name: 'High', Color: '#f44336', IsDefault: false },
];
const ISSUE_TYPES = [
  { Id: 21, Name: 'Backup', IsActive: true },
  { Id: 23, Name: 'Network', IsActive: true },
];
const SUB_ISSUE_TYPES: Record<number, { Id: number; Name: string }[]> = {
  21: [{ Id: 22, Name: 'Backup failed' }, { Id: 24, Name: 'Backup overdue' }],
  23: [{ Id: 25, Name: 'Link down' }],
};
/** BMS pages by number from 1; a ticket search also says how many there are in all (TotalRecords). */
const paged = <T>(all: T[], size: number, page: number) => all.slice((page - 1) * size, page * size);

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
      ['POST', /^\/v2\/servicedesk\/tickets\/search$/, authed((req) => {
        const { PageSize = 50, PageNumber = 1, Filter = {} } = req.json;
        const has = (value: unknown, part: string | undefined) => !part || String(value ?? '').toLowerCase().includes(part.toLowerCase());
        const found = [...tickets.values()].filter((t) => has(t.Details, Filter.Details) && has(t.Title, Filter.Title));
        return { status: 200, json: { Success: true, Error: null, Result: paged(found, PageSize, PageNumber), TotalRecords: found.length } };
      })],
      ['GET', /^\/v2\/crm\/accounts\/lookup$/, authed(({ query }) => {
        const name = query.get('Filter.Name')?.toLowerCase();
        const found = ACCOUNTS.filter((a) => !name || a.Name.toLowerCase().includes(name));
        return ok(paged(found, Number(query.get('PageSize') ?? 50), Number(query.get('PageNumber') ?? 1)));
      })],
      ['GET', /^\/v2\/crm\/accounts\/(\d+)\/locations\/lookup$/, authed((_, m) => ok(LOCATIONS.filter((l) => l.AccountId === Number(m[1]))))],
      ['GET', /^\/v2\/system\/queues\/lookup$/, authed(() => ok(QUEUES))],
      ['GET', /^\/v2\/system\/statuses\/lookup$/, authed(() => ok(STATUSES))],
      ['GET', /^\/v2\/system\/priorities\/lookup$/, authed(() => ok(PRIORITIES))],
      ['GET', /^\/v2\/system\/issuetypes\/lookup$/, authed(({ query }) => {
        const name = query.get('Filter.Name')?.toLowerCase();
        return ok(ISSUE_TYPES.filter((t) => !name || t.Name.toLowerCase().includes(name)));
      })],
      ['GET', /^\/v2\/system\/issuetypes\/(\d+)\/issuesubtypes\/lookup$/, authed((_, m) => ok(SUB_ISSUE_TYPES[Number(m[1])] ?? []))],
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
    expect(tickets.get(3100)!.Details).toMatch(new RegExp(`<br><br>${MARKER}$`));

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

  it('adopts the ticket a create made when its answer was lost, and finds none where there is none', async () => {
    const c = configure();
    const ctx = channelContext();
    // Another channel's incident whose marker begins with this one's: the search finds it, find must not adopt it.
    await kaseyaBmsTicketing.open(c, { ...requests.open, marker: `${MARKER}0` }, ctx);
    await expectNothingFound({ adapter: kaseyaBmsTicketing, config: c, ctx, vendor, fields: { accountId: '12', locationId: '34' } });
    tickets.clear();
    const ticket = await expectLostAnswerAdopted({
      adapter: kaseyaBmsTicketing,
      config: c,
      vendor,
      ctx,
      fields: { accountId: '12', locationId: '34' },
      isCreate: (r) => r.method === 'POST' && r.path === '/v2/servicedesk/tickets',
      tickets: () => [...tickets.values()],
    });
    expect(ticket).toEqual({ id: '3100', url: null });
    expect(notes.map((n) => n.ticketId)).toEqual([3100, 3100]);
    expect(tickets.get(3100)!.StatusId).toBe(6);
    expect(vendor.requests.filter((r) => r.path.endsWith('/search')).map((r) => r.json)).toEqual([
      { PageSize: 20, PageNumber: 1, Filter: { Details: MARKER } },
      { PageSize: 20, PageNumber: 1, Filter: { Details: MARKER } },
    ]);
  });

  it('lists the accounts by name and page, the locations of the chosen account, and the queues', async () => {
    const ctx = channelContext();
    const { accounts, locations, queues } = kaseyaBmsTicketing.lookups!;
    const first = await accounts!.list(configure(), { search: null, page: null, parent: null }, ctx);
    expect(first).toMatchObject({ ok: true, nextPage: '2' });
    expect(first.ok && first.items[0]).toEqual({ id: '100', name: 'Client 0' });
    const second = await accounts!.list(configure(), { search: null, page: '2', parent: null }, ctx);
    expect(second).toMatchObject({ ok: true, nextPage: null });
    expect(second.ok && second.items.map((a) => a.id)).toEqual(Array.from({ length: 10 }, (_, n) => String(150 + n)));
    const searched = await accounts!.list(configure(), { search: 'client 5', page: null, parent: null }, ctx);
    expect(searched.ok && searched.items.map((a) => a.name)).toEqual(['Client 5', ...Array.from({ length: 10 }, (_, n) => `Client 5${n}`)]);
    expect(vendor.requests.find((r) => r.query.has('Filter.Name'))!.query.get('Filter.Name')).toBe('client 5');

    expect(await locations!.list(configure(), { search: null, page: null, parent: null }, ctx)).toEqual({ ok: false, retryable: false, error: 'choose an account first' });
    expect(await locations!.list(configure(), { search: null, page: null, parent: '112' }, ctx)).toEqual({ ok: true, items: [{ id: '1120', name: 'Main office' }, { id: '1121', name: 'Warehouse' }], nextPage: null });
    expect(await locations!.list(configure(), { search: 'WARE', page: null, parent: '112' }, ctx)).toEqual({ ok: true, items: [{ id: '1121', name: 'Warehouse' }], nextPage: null });
    expect(await queues!.list(configure(), { search: 'back', page: null, parent: null }, ctx)).toEqual({ ok: true, items: [{ id: '9', name: 'Backups' }], nextPage: null });
    expect(vendor.refused).toEqual([]);
  });

  it('names the account, location or queue the tenant does not have', async () => {
    const ctx = channelContext();
    expect(await settingProblems(kaseyaBmsTicketing, configure({ accountId: 159, locationId: 1591, queueId: 9 }), ctx)).toEqual([]);
    expect(await settingProblems(kaseyaBmsTicketing, configure({ accountId: 160, locationId: 1591, queueId: 11 }), ctx)).toEqual([
      { path: 'accountId', message: 'no account "160"' },
      { path: 'queueId', message: 'no queue "11"' },
    ]);
    expect(await settingProblems(kaseyaBmsTicketing, configure({ accountId: 112, locationId: 1591 }), ctx)).toEqual([
      { path: 'locationId', message: 'no location "1591" for accountId 112' },
    ]);
    vendor.down = { status: 503 };
    expect(await settingProblems(kaseyaBmsTicketing, configure({ accountId: 160, queueId: 11 }), ctx)).toEqual([]);
    vendor.down = null;
    expect(vendor.refused).toEqual([]);
  });

  it('lists the statuses, the priorities, the issue types by name, and the sub-issue types of the chosen issue type', async () => {
    const ctx = channelContext();
    const { statuses, priorities, issueTypes, subIssueTypes } = kaseyaBmsTicketing.lookups!;
    expect(await statuses!.list(configure(), { search: null, page: null, parent: null }, ctx)).toEqual({
      ok: true,
      items: [{ id: '1', name: 'New' }, { id: '2', name: 'In Progress' }, { id: '6', name: 'Completed' }, { id: '7', name: 'Closed' }],
      nextPage: null,
    });
    expect(await statuses!.list(configure(), { search: 'clos', page: null, parent: null }, ctx)).toEqual({ ok: true, items: [{ id: '7', name: 'Closed' }], nextPage: null });
    expect(await priorities!.list(configure(), { search: null, page: null, parent: null }, ctx)).toEqual({
      ok: true,
      items: [{ id: '1', name: 'Low' }, { id: '2', name: 'Medium' }, { id: '3', name: 'High' }],
      nextPage: null,
    });
    expect(await priorities!.list(configure(), { search: 'HIGH', page: null, parent: null }, ctx)).toEqual({ ok: true, items: [{ id: '3', name: 'High' }], nextPage: null });

    expect(await issueTypes!.list(configure(), { search: null, page: null, parent: null }, ctx)).toEqual({
      ok: true,
      items: [{ id: '21', name: 'Backup' }, { id: '23', name: 'Network' }],
      nextPage: null,
    });
    expect(await issueTypes!.list(configure(), { search: ' netw ', page: null, parent: null }, ctx)).toEqual({ ok: true, items: [{ id: '23', name: 'Network' }], nextPage: null });
    // BMS filters the issue types by name itself; the other lists have no filter, so they go without a query.
    expect(vendor.requests.filter((r) => r.query.has('Filter.Name')).map((r) => `${r.path}?${r.query}`)).toEqual(['/v2/system/issuetypes/lookup?Filter.Name=netw']);

    expect(await subIssueTypes!.list(configure(), { search: null, page: null, parent: null }, ctx)).toEqual({ ok: false, retryable: false, error: 'choose an issue type first' });
    expect(await subIssueTypes!.list(configure(), { search: null, page: null, parent: '21' }, ctx)).toEqual({
      ok: true,
      items: [{ id: '22', name: 'Backup failed' }, { id: '24', name: 'Backup overdue' }],
      nextPage: null,
    });
    expect(await subIssueTypes!.list(configure(), { search: 'OVER', page: null, parent: '21' }, ctx)).toEqual({ ok: true, items: [{ id: '24', name: 'Backup overdue' }], nextPage: null });
    expect(vendor.refused).toEqual([]);
  });

  it('names the status, priority, issue type or sub-issue type the tenant does not have', async () => {
    const ctx = channelContext();
    const good = { newStatusId: 1, closedStatusId: 6, closedStatusIds: [7, 2], priorities: { high: 3, low: 1 }, issueTypeId: 21, subIssueTypeId: 24 };
    expect(await settingProblems(kaseyaBmsTicketing, configure(good), ctx)).toEqual([]);
    expect(await settingProblems(kaseyaBmsTicketing, configure({ ...good, newStatusId: 5, closedStatusIds: [7, 8], priorities: { high: 3, low: 4 }, subIssueTypeId: 25 }), ctx)).toEqual([
      { path: 'newStatusId', message: 'no status "5"' },
      { path: 'closedStatusIds', message: 'no status "8"' },
      { path: 'priorities.low', message: 'no priority "4"' },
      { path: 'subIssueTypeId', message: 'no sub-issue type "25" for issueTypeId 21' },
    ]);
    // A wrong issue type leaves its sub-issue type unchecked: there is no list to check it against.
    expect(await settingProblems(kaseyaBmsTicketing, configure({ ...good, issueTypeId: 99 }), ctx)).toEqual([
      { path: 'issueTypeId', message: 'no issue type "99"' },
    ]);
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
