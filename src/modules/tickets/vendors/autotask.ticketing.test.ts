import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelContext } from '../../../../test/helpers/channels.js';
import { type FakeVendor, startFakeVendor, type VendorRequest } from '../../../../test/helpers/fake-vendor.js';
import { expectLostAnswerAdopted, expectNothingFound } from '../../../../test/helpers/lost-answer.js';
import { ticketRequests } from '../../../../test/helpers/ticket-requests.js';
import { settingProblems } from '../tickets.lookups.js';
import { autotaskTicketing } from './autotask.ticketing.js';

const API = '/atservicesrest/v1.0';
type Ticket = { id: number; companyID: number; queueID: number; title: string; description: string; status: number; priority: number; configurationItemID?: number };

let vendor: FakeVendor;
let tickets: Map<number, Ticket>;
let notes: Record<string, unknown>[];

const isId = (v: unknown) => Number.isInteger(v) && (v as number) > 0;

const COMPANIES = Array.from({ length: 60 }, (_, n) => ({ id: 174 + n, companyName: `Client ${String(n).padStart(2, '0')}`, isActive: n !== 59 }));
const picklistValue = (value: number, label: string, sortOrder: number, isActive = true) => ({ value: String(value), label, isDefaultValue: false, sortOrder, parentValue: '', isActive, isSystem: false });
const TICKET_FIELDS = [
  { name: 'title', dataType: 'string', length: 255, isPickList: false, picklistValues: null },
  { name: 'queueID', dataType: 'integer', isPickList: true, picklistValues: [picklistValue(29682833, 'Monitoring Alert', 1), picklistValue(8, 'Level I Support', 2), picklistValue(9, 'Retired queue', 3, false)] },
  { name: 'status', dataType: 'integer', isPickList: true, picklistValues: [picklistValue(1, 'New', 1), picklistValue(5, 'Complete', 9), picklistValue(17, 'Resolved by customer', 4)] },
  { name: 'priority', dataType: 'integer', isPickList: true, picklistValues: [picklistValue(4, 'Critical', 1), picklistValue(1, 'High', 2), picklistValue(2, 'Medium', 3), picklistValue(3, 'Low', 4)] },
];
const NOTE_FIELDS = [{ name: 'noteType', dataType: 'integer', isPickList: true, picklistValues: [picklistValue(1, 'Task Summary', 1), picklistValue(3, 'Task Notes', 2)] }];

const OPS = ['eq', 'noteq', 'gt', 'gte', 'lt', 'lte', 'beginsWith', 'endsWith', 'contains', 'exist', 'notExist', 'in', 'notIn'];
type Condition = { op: string; field: string; value?: unknown };

/** The documented query body: `filter` (op, field, value; and/or groups are not used here), MaxRecords 1 to 500, IncludeFields. */
function querySearch(req: VendorRequest): { filter: Condition[]; MaxRecords?: number; IncludeFields?: string[] } | string {
  let search: any;
  try {
    search = JSON.parse(req.query.get('search') ?? '');
  } catch {
    return 'search is the query as JSON';
  }
  if (!Array.isArray(search?.filter) || !search.filter.length) return 'a query has a filter';
  for (const key of Object.keys(search)) if (!['filter', 'MaxRecords', 'IncludeFields'].includes(key)) return `unknown query key ${key}`;
  if (!search.filter.every((f: any) => OPS.includes(f?.op) && typeof f.field === 'string' && f.field)) return 'filter items have an op and a field';
  if ('MaxRecords' in search && !(Number.isInteger(search.MaxRecords) && search.MaxRecords >= 1 && search.MaxRecords <= 500)) return 'MaxRecords is 1 to 500';
  if ('IncludeFields' in search && !(Array.isArray(search.IncludeFields) && search.IncludeFields.every((f: unknown) => typeof f === 'string'))) return 'IncludeFields lists field names';
  return search;
}

/** Field names are not case-sensitive in Autotask queries; `contains` compares text without case. */
function holds(row: Record<string, unknown>, { op, field, value }: Condition): boolean {
  const key = Object.keys(row).find((k) => k.toLowerCase() === field.toLowerCase());
  const actual = key ? row[key] : undefined;
  if (op === 'eq') return actual === value;
  if (op === 'contains') return typeof actual === 'string' && actual.toLowerCase().includes(String(value).toLowerCase());
  throw new Error(`the fake does not implement ${op}`);
}

/** Answers a query as Autotask does: items, and pageDetails whose nextPageUrl (query/next?paging=…) leads to the next page. */
function queried(req: VendorRequest, entity: string, rows: Record<string, unknown>[]) {
  const search = querySearch(req);
  if (typeof search === 'string') return { status: 400, json: { errors: [search] } };
  const max = search.MaxRecords ?? 500;
  const offset = req.path.endsWith('/query/next') ? Number(JSON.parse(req.query.get('paging')!).offset) : 0;
  const found = rows.filter((r) => search.filter.every((f) => holds(r, f)));
  const items = found.slice(offset, offset + max).map((r) => (search.IncludeFields ? Object.fromEntries(['id', ...search.IncludeFields].map((f) => [f, r[f]])) : r));
  const next = offset + max < found.length ? `${vendor.url}${API}/${entity}/query/next?paging=${encodeURIComponent(JSON.stringify({ offset: offset + max }))}&search=${encodeURIComponent(req.query.get('search')!)}` : null;
  return { status: 200, json: { items, pageDetails: { count: items.length, requestCount: max, prevPageUrl: null, nextPageUrl: next } } };
}

/** What Autotask documents: REST v1.0, the three API-user headers, and the Tickets and TicketNotes fields with their types and lengths. */
function check(req: VendorRequest): string | null {
  if (!req.path.startsWith(`${API}/`)) return 'not REST v1.0';
  const h = req.headers;
  if (h.apiintegrationcode !== 'TRACKING-ID' || h.username !== 'backwatch@msp.example' || h.secret !== 's3cret') return 'bad API user';
  const b = req.json;
  if (req.method === 'POST' && req.path === `${API}/Tickets`) {
    for (const field of ['companyID', 'queueID', 'status', 'priority'] as const) if (!isId(b[field])) return `${field} is a required id`;
    if (typeof b.title !== 'string' || !b.title || b.title.length > 255) return 'title: 1 to 255 characters';
    if (typeof b.description !== 'string' || b.description.length > 8000) return 'description: up to 8000 characters';
    if ('configurationItemID' in b && !isId(b.configurationItemID)) return 'configurationItemID is an id';
  }
  if (req.path.endsWith('/Notes')) {
    if (!isId(b.noteType) || !isId(b.publish)) return 'noteType and publish are required picklist values';
    if (typeof b.description !== 'string' || typeof b.title !== 'string' || b.title.length > 250) return 'a note has a title and a description';
  }
  if (req.method === 'PATCH' && !isId(b.id)) return 'PATCH names the ticket by id';
  if (req.method === 'GET') {
    const allowed = /\/query$/.test(req.path) ? ['search'] : /\/query\/next$/.test(req.path) ? ['search', 'paging'] : [];
    for (const name of req.query.keys()) if (!allowed.includes(name)) return `unknown query parameter ${name}`;
    if (/\/query(\/next)?$/.test(req.path)) {
      const search = querySearch(req);
      if (typeof search === 'string') return search;
    }
  }
  return null;
}

beforeEach(async () => {
  tickets = new Map();
  notes = [];
  vendor = await startFakeVendor(
    [
      ['GET', /\/Tickets\/entityInformation$/, () => ({ status: 200, json: { name: 'Ticket', canCreate: true, canUpdate: true } })],
      ['GET', /\/Tickets\/entityInformation\/fields$/, () => ({ status: 200, json: { fields: TICKET_FIELDS } })],
      ['GET', /\/TicketNotes\/entityInformation\/fields$/, () => ({ status: 200, json: { fields: NOTE_FIELDS } })],
      ['GET', /\/Tickets\/query(\/next)?$/, (req) => queried(req, 'Tickets', [...tickets.values()])],
      ['GET', /\/Companies\/query(\/next)?$/, (req) => queried(req, 'Companies', COMPANIES)],
      ['POST', /\/Tickets$/, (req) => {
        const ticket = { id: 9000 + tickets.size, ...req.json };
        tickets.set(ticket.id, ticket);
        return { status: 200, json: { itemId: ticket.id } };
      }],
      ['GET', /\/Tickets\/(\d+)$/, (_, m) => ({ status: 200, json: { item: tickets.get(Number(m[1])) ?? null } })],
      ['POST', /\/Tickets\/(\d+)\/Notes$/, (req, m) => (notes.push({ parent: Number(m[1]), ...req.json }), { status: 200, json: { itemId: notes.length } })],
      ['PATCH', /\/Tickets$/, (req) => (Object.assign(tickets.get(req.json.id)!, req.json), { status: 200, json: { itemId: req.json.id } })],
    ],
    check,
  );
});
afterEach(() => vendor.close());

const configure = (over: Record<string, unknown> = {}) =>
  autotaskTicketing.config.parse({ url: `${vendor.url}/atservicesrest`, integrationCode: 'TRACKING-ID', userName: 'backwatch@msp.example', secret: 's3cret', ...over });
const requests = ticketRequests({ companyId: '174', queueId: '29682833', assetId: '311' });

describe('Autotask tickets', () => {
  it('opens a ticket in the queue, adds internal notes while the problem lasts, and completes it on recovery', async () => {
    const c = configure({ webUrl: 'https://ww5.autotask.net' });
    const opened = await autotaskTicketing.open(c, requests.open, channelContext());
    expect(opened).toEqual({ ok: true, status: 200, ticket: { id: '9000', url: 'https://ww5.autotask.net/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenTicketDetail&TicketID=9000' } });
    expect(tickets.get(9000)).toEqual({
      id: 9000,
      companyID: 174,
      queueID: 29682833,
      title: 'Failure: User01: Documents (Acme Corp)',
      description: `${requests.open.body}\n\n${requests.open.marker}`,
      status: 1,
      priority: 1,
      configurationItemID: 311,
    });

    expect(await autotaskTicketing.note(c, opened.ticket!, requests.note, channelContext())).toEqual({ ok: true, status: 200 });
    expect(notes).toEqual([{ parent: 9000, ticketID: 9000, title: requests.note.subject, description: requests.note.body, noteType: 3, publish: 2 }]);

    expect(await autotaskTicketing.close(c, opened.ticket!, requests.close, channelContext())).toEqual({ ok: true, status: 200 });
    expect(notes.map((n) => n.description)).toEqual([requests.note.body, requests.close.body]);
    expect(tickets.get(9000)!.status).toBe(5);
    expect(vendor.refused).toEqual([]);
  });

  it('opens a warning with the low priority, on the channel defaults', async () => {
    const c = configure({ companyId: 7, queueId: 8, priorities: { low: 2 } });
    const outcome = await autotaskTicketing.open(c, ticketRequests().openWarning, channelContext());
    expect(tickets.get(9000)).toMatchObject({ companyID: 7, queueID: 8, priority: 2 });
    expect(tickets.get(9000)).not.toHaveProperty('configurationItemID');
    expect(outcome).toMatchObject({ ok: true, ticket: { url: null }, response: expect.stringMatching(/assetId "WS-0042"/) });
    expect(vendor.refused).toEqual([]);
  });

  it('writes nothing to a ticket a person completed (with any status counted as closed)', async () => {
    const c = configure({ closedStatuses: [5, 17] });
    const { ticket } = await autotaskTicketing.open(c, requests.open, channelContext());
    tickets.get(9000)!.status = 17;
    expect(await autotaskTicketing.note(c, ticket!, requests.note, channelContext())).toEqual({ ok: true, alreadyClosed: true });
    expect(await autotaskTicketing.close(c, ticket!, requests.close, channelContext())).toEqual({ ok: true, alreadyClosed: true });
    expect(await autotaskTicketing.note(c, { id: '123456', url: null }, requests.note, channelContext())).toEqual({ ok: true, alreadyClosed: true });
    expect(notes).toEqual([]);
    expect(vendor.requests.filter((r) => r.method === 'PATCH')).toEqual([]);
  });

  it('waits out an outage, and does not retry what Autotask refuses', async () => {
    vendor.down = { status: 503 };
    expect(await autotaskTicketing.open(configure(), requests.open, channelContext())).toMatchObject({ ok: false, retryable: true, status: 503 });
    vendor.down = null;
    expect(await autotaskTicketing.open(configure(), requests.open, channelContext())).toMatchObject({ ok: true, ticket: { id: '9000' } });

    expect(await autotaskTicketing.open(configure({ secret: 'wrong' }), requests.open, channelContext())).toMatchObject({ ok: false, retryable: false, status: 400 });
    expect(await autotaskTicketing.open(configure(), ticketRequests({ companyId: '174' }).open, channelContext())).toMatchObject({ ok: false, retryable: false, error: /no queueId/ });
    expect(await autotaskTicketing.open(configure(), ticketRequests({ companyId: 'Acme', queueId: '8' }).open, channelContext())).toMatchObject({ ok: false, retryable: false, error: /companyId "Acme"/ });
  });

  it('adopts the ticket a create made when its answer was lost, and finds none where there is none', async () => {
    const c = configure();
    await expectNothingFound({ adapter: autotaskTicketing, config: c, ctx: channelContext(), vendor, fields: { companyId: '174', queueId: '8' } });
    const ticket = await expectLostAnswerAdopted({
      adapter: autotaskTicketing,
      config: c,
      vendor,
      ctx: channelContext(),
      fields: { companyId: '174', queueId: '8' },
      isCreate: (r) => r.method === 'POST' && r.path === `${API}/Tickets`,
      tickets: () => [...tickets.values()],
    });
    expect(ticket).toEqual({ id: '9000', url: null });
    expect(notes.map((n) => n.parent)).toEqual([9000, 9000]);
    expect(tickets.get(9000)!.status).toBe(5);
    const search = JSON.parse(vendor.requests.find((r) => r.path === `${API}/Tickets/query`)!.query.get('search')!);
    expect(search.filter).toEqual([{ op: 'contains', field: 'description', value: 'backwatch-incident-41-7' }, { op: 'eq', field: 'companyID', value: 174 }]);
  });

  it('does not adopt a ticket whose description only looks like the marker', async () => {
    const c = configure();
    await autotaskTicketing.open(c, requests.open, channelContext());
    tickets.get(9000)!.description = 'Moved from backwatch-incident-41-70';
    expect(await autotaskTicketing.find!(c, requests.open, channelContext())).toEqual({ ok: true, status: 200 });
    expect(vendor.refused).toEqual([]);
  });

  it('lists companies (searched and paged as Autotask pages) and the queue, status, priority and note type picklists', async () => {
    const { companies, queues, statuses, priorities, notetypes } = autotaskTicketing.lookups!;
    const c = configure();
    const first = await companies!.list(c, { search: null, page: null, parent: null }, channelContext());
    expect(first).toMatchObject({ ok: true, nextPage: expect.stringContaining(`${API}/Companies/query/next?paging=`) });
    expect(first.ok && first.items.slice(0, 2)).toEqual([{ id: '174', name: 'Client 00' }, { id: '175', name: 'Client 01' }]);
    const second = await companies!.list(c, { search: null, page: first.ok ? first.nextPage : null, parent: null }, channelContext());
    expect(second).toMatchObject({ ok: true, nextPage: null });
    expect(second.ok && second.items.map((i) => i.name)).toEqual(Array.from({ length: 9 }, (_, n) => `Client ${50 + n}`));
    const searched = await companies!.list(c, { search: 'ENT 1', page: null, parent: null }, channelContext());
    expect(searched.ok && searched.items.map((i) => i.id)).toEqual(Array.from({ length: 10 }, (_, n) => String(184 + n)));
    // A next page that is not this zone's company query is not followed (the credentials go with it).
    const elsewhere = await companies!.list(c, { search: null, page: 'https://attacker.example/Companies/query', parent: null }, channelContext());
    expect(elsewhere.ok && elsewhere.items[0]).toEqual({ id: '174', name: 'Client 00' });

    expect(await queues!.list(c, { search: null, page: null, parent: null }, channelContext())).toEqual({ ok: true, nextPage: null, items: [{ id: '29682833', name: 'Monitoring Alert' }, { id: '8', name: 'Level I Support' }] });
    expect(await statuses!.list(c, { search: 'comp', page: null, parent: null }, channelContext())).toEqual({ ok: true, nextPage: null, items: [{ id: '5', name: 'Complete' }] });
    expect(await priorities!.list(c, { search: null, page: null, parent: null }, channelContext())).toMatchObject({ ok: true, items: [{ name: 'Critical' }, { name: 'High' }, { name: 'Medium' }, { name: 'Low' }] });
    expect(await notetypes!.list(c, { search: 'notes', page: null, parent: null }, channelContext())).toEqual({ ok: true, nextPage: null, items: [{ id: '3', name: 'Task Notes' }] });
    expect(vendor.refused).toEqual([]);
  });

  it('names the settings the tenant does not have', async () => {
    const good = configure({ companyId: 232, queueId: 8, priorities: { high: 4, low: 3 }, closedStatuses: [5, 17] });
    expect(await settingProblems(autotaskTicketing, good, channelContext())).toEqual([]);
    const wrong = configure({ companyId: 233, queueId: 9, closedStatuses: [5, 6], noteType: 2 });
    expect(await settingProblems(autotaskTicketing, wrong, channelContext())).toEqual([
      { path: 'companyId', message: 'no company "233"' },
      { path: 'queueId', message: 'no queue "9"' },
      { path: 'closedStatuses', message: 'no status "6"' },
      { path: 'noteType', message: 'no note type "2"' },
    ]);
    vendor.down = { status: 503 };
    expect(await settingProblems(autotaskTicketing, wrong, channelContext())).toEqual([]);
  });

  it('verifies the settings with one authenticated request', async () => {
    expect(await autotaskTicketing.verify(configure(), channelContext())).toEqual({ ok: true, status: 200 });
    expect(await autotaskTicketing.verify(configure({ userName: 'someone@else' }), channelContext())).toMatchObject({ ok: false, retryable: false });
    expect(vendor.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${API}/Tickets/entityInformation`, `GET ${API}/Tickets/entityInformation`]);
  });
});
