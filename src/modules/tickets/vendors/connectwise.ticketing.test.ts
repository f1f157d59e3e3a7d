import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelContext } from '../../../../test/helpers/channels.js';
import { type FakeVendor, startFakeVendor, type VendorRequest } from '../../../../test/helpers/fake-vendor.js';
import { expectLostAnswerAdopted, expectNothingFound } from '../../../../test/helpers/lost-answer.js';
import { ticketRequests } from '../../../../test/helpers/ticket-requests.js';
import { settingProblems } from '../tickets.lookups.js';
import { connectwiseTicketing } from './connectwise.ticketing.js';

const API = '/v4_6_release/apis/3.0';
const AUTH = `Basic ${Buffer.from('backwatchmsp+pub123:priv456').toString('base64')}`;
type Ticket = { id: number; summary: string; initialDescription: string; company: object; externalXRef?: string; board?: object; priority?: object; status: { id?: number; name: string }; closedFlag: boolean };
type Row = Record<string, unknown> & { id: number; name: string };

const COMPANIES: Row[] = Array.from({ length: 60 }, (_, n) => ({ id: 250 + n, identifier: `Client${n}`, name: `Client ${String(n).padStart(2, '0')}`, deletedFlag: n === 59 }));
const BOARDS: Row[] = [
  { id: 12, name: 'Help Desk', inactiveFlag: false },
  { id: 3, name: 'Backups', inactiveFlag: false },
  { id: 9, name: 'Old projects', inactiveFlag: true },
];
const STATUSES: Record<number, Row[]> = {
  12: [
    { id: 1, name: 'New', inactive: false },
    { id: 77, name: 'Done (backups)', inactive: false },
    { id: 78, name: '>Closed', inactive: false },
  ],
  3: [{ id: 31, name: 'New', inactive: false }],
};
const PRIORITIES: Row[] = [
  { id: 8, name: 'Priority 1 - Critical' },
  { id: 6, name: 'Priority 3 - Normal' },
];

// The conditions clauses the adapter sends: field = "string" | number | true | false, or field like "%text%".
const CLAUSE = /^([a-zA-Z]+)\s*(=|like)\s*("[^"\\]*"|\d+|true|false)$/;

/** Evaluates the documented conditions syntax (clauses joined by `and`) over rows; null when it is not that syntax. */
function matching<T extends Record<string, unknown>>(rows: T[], conditions: string | null): T[] | null {
  if (!conditions) return rows;
  const clauses = conditions.split(' and ').map((c) => c.trim().match(CLAUSE));
  if (clauses.some((c) => !c)) return null;
  return rows.filter((row) =>
    clauses.every((m) => {
      const [, field, op, raw] = m!;
      const value = raw!.startsWith('"') ? raw!.slice(1, -1) : raw === 'true' ? true : raw === 'false' ? false : Number(raw);
      const actual = row[field!] ?? (typeof value === 'boolean' ? false : undefined);
      if (op === '=') return actual === value;
      const pattern = new RegExp(`^${String(value).split('%').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
      return typeof actual === 'string' && pattern.test(actual);
    }),
  );
}

/** Pages as ConnectWise does: `page` and `pageSize` (25 by default, at most 1000), the next page in the Link header. */
function paged(req: VendorRequest, rows: Row[] | Ticket[]) {
  const found = matching(rows as Record<string, unknown>[], req.query.get('conditions'));
  if (!found) return { status: 400, json: { code: 'InvalidObject', message: 'conditions' } };
  const order = req.query.get('orderBy');
  if (order === 'name asc') found.sort((a, b) => String(a.name).localeCompare(String(b.name)));
  const size = Number(req.query.get('pageSize') ?? 25);
  const page = Number(req.query.get('page') ?? 1);
  const fields = req.query.get('fields')?.split(',');
  const items = found.slice((page - 1) * size, page * size).map((r) => (fields ? Object.fromEntries(fields.map((f) => [f, r[f]])) : r));
  const link = page * size < found.length ? `<${vendor.url}${req.path}?pageSize=${size}&page=${page + 1}>; rel="next", <${vendor.url}${req.path}?pageSize=${size}&page=${Math.ceil(found.length / size)}>; rel="last"` : '';
  return { status: 200, json: items, headers: link ? { link } : {} };
}

let vendor: FakeVendor;
let tickets: Map<number, Ticket>;
let notes: { ticketId: number; text: string; internalAnalysisFlag: boolean; detailDescriptionFlag: boolean }[];
let configurations: { ticketId: number; id: number }[];

/** What ConnectWise documents: the 3.0 API under the codebase, Basic company+public:private, a clientId, and the Ticket and note shapes. */
function check(req: VendorRequest): string | null {
  if (!req.path.startsWith(`${API}/`)) return 'not the 3.0 API';
  if (req.headers.authorization !== AUTH) return 'bad credentials';
  if (req.headers.clientid !== 'client-789') return 'no clientId';
  if (req.method !== 'GET' && req.headers['content-type'] !== 'application/json') return 'not JSON';
  const b = req.json;
  if (req.method === 'POST' && req.path === `${API}/service/tickets`) {
    if (typeof b.summary !== 'string' || !b.summary || b.summary.length > 100) return 'summary: 1 to 100 characters';
    if (typeof b.company?.id !== 'number' && typeof b.company?.identifier !== 'string') return 'company is required';
    if (b.board && typeof b.board.id !== 'number') return 'board.id is a number';
  }
  if (req.path.endsWith('/notes') && (typeof b.text !== 'string' || typeof b.internalAnalysisFlag !== 'boolean')) return 'a note has text and flags';
  if (req.path.endsWith('/configurations') && typeof b.id !== 'number') return 'a configuration reference has an id';
  if (req.method === 'PATCH' && !(Array.isArray(b) && b.every((op) => op.op === 'replace' && typeof op.path === 'string'))) return 'PATCH takes JSON Patch operations';
  if (b?.externalXRef !== undefined && (typeof b.externalXRef !== 'string' || b.externalXRef.length > 100)) return 'externalXRef: up to 100 characters';
  if (req.method === 'GET') {
    for (const name of req.query.keys()) if (!['conditions', 'fields', 'orderBy', 'page', 'pageSize'].includes(name)) return `unknown query parameter ${name}`;
    for (const name of ['page', 'pageSize']) if (req.query.has(name) && !/^[1-9]\d*$/.test(req.query.get(name)!)) return `${name} is a positive number`;
    if (Number(req.query.get('pageSize') ?? 25) > 1000) return 'pageSize is at most 1000';
    if (req.query.has('conditions') && !matching([], req.query.get('conditions'))) return 'conditions: field operator value, joined by and';
    if (req.query.has('orderBy') && !/^\w+ (asc|desc)$/.test(req.query.get('orderBy')!)) return 'orderBy is "field asc|desc"';
  }
  return null;
}

beforeEach(async () => {
  tickets = new Map();
  notes = [];
  configurations = [];
  vendor = await startFakeVendor(
    [
      ['GET', /\/system\/info$/, () => ({ status: 200, json: { version: 'v2026.1' } })],
      ['GET', /\/service\/tickets$/, (req) => paged(req, [...tickets.values()])],
      ['GET', /\/company\/companies$/, (req) => paged(req, COMPANIES)],
      ['GET', /\/service\/boards$/, (req) => paged(req, BOARDS)],
      ['GET', /\/service\/boards\/(\d+)\/statuses$/, (req, m) => (STATUSES[Number(m[1])] ? paged(req, STATUSES[Number(m[1])]!) : { status: 404, json: { code: 'NotFound' } })],
      ['GET', /\/service\/priorities$/, (req) => paged(req, PRIORITIES)],
      ['POST', /\/service\/tickets$/, (req) => {
        const ticket = { id: 4000 + tickets.size, ...req.json, status: req.json.status ?? { id: 1, name: 'New' }, closedFlag: false };
        tickets.set(ticket.id, ticket);
        return { status: 201, json: ticket };
      }],
      ['GET', /\/service\/tickets\/(\d+)$/, (_, m) => (tickets.has(Number(m[1])) ? { status: 200, json: tickets.get(Number(m[1])) } : { status: 404, json: { code: 'NotFound' } })],
      ['POST', /\/service\/tickets\/(\d+)\/notes$/, (req, m) => (notes.push({ ticketId: Number(m[1]), ...req.json }), { status: 201, json: { id: notes.length } })],
      ['POST', /\/service\/tickets\/(\d+)\/configurations$/, (req, m) => (configurations.push({ ticketId: Number(m[1]), id: req.json.id }), { status: 201, json: req.json })],
      ['PATCH', /\/service\/tickets\/(\d+)$/, (req, m) => {
        const ticket = tickets.get(Number(m[1]))!;
        ticket.status = req.json[0].value;
        ticket.closedFlag = ticket.status.name === '>Closed';
        return { status: 200, json: ticket };
      }],
    ],
    check,
  );
});
afterEach(() => vendor.close());

const configure = (over: Record<string, unknown> = {}) =>
  connectwiseTicketing.config.parse({ url: `${vendor.url}/`, loginCompany: 'backwatchmsp', publicKey: 'pub123', privateKey: 'priv456', clientId: 'client-789', priorities: { high: 8, low: 6 }, ...over });
const requests = ticketRequests({ companyId: '250', boardId: '12', assetId: '812' });

describe('ConnectWise PSA tickets', () => {
  it('opens a service ticket, adds internal notes while the problem lasts, and closes it on recovery', async () => {
    const c = configure();
    const opened = await connectwiseTicketing.open(c, requests.open, channelContext());
    expect(opened).toMatchObject({ ok: true, status: 201, ticket: { id: '4000' } });
    expect(opened.ticket!.url).toBe(`${vendor.url}/v4_6_release/services/system_io/Service/fv_sr100_request.rails?service_recid=4000&companyName=backwatchmsp`);
    expect(tickets.get(4000)).toMatchObject({
      summary: 'Failure: User01: Documents (Acme Corp)',
      initialDescription: requests.open.body,
      company: { id: 250 },
      externalXRef: requests.open.marker,
      board: { id: 12 },
      priority: { id: 8 },
    });
    expect(configurations).toEqual([{ ticketId: 4000, id: 812 }]);

    expect(await connectwiseTicketing.note(c, opened.ticket!, requests.note, channelContext())).toMatchObject({ ok: true });
    expect(notes).toEqual([{ ticketId: 4000, text: requests.note.body, internalAnalysisFlag: true, detailDescriptionFlag: false, resolutionFlag: false }]);

    expect(await connectwiseTicketing.close(c, opened.ticket!, requests.close, channelContext())).toEqual({ ok: true, status: 200 });
    expect(notes.map((n) => n.text)).toEqual([requests.note.body, requests.close.body]);
    expect(tickets.get(4000)).toMatchObject({ status: { name: '>Closed' }, closedFlag: true });
    expect(vendor.refused).toEqual([]);
  });

  it('opens a warning with the low priority, on the channel defaults, and a company by identifier', async () => {
    const c = configure({ companyId: 'AcmeCorp', boardId: 3 });
    const outcome = await connectwiseTicketing.open(c, ticketRequests().openWarning, channelContext());
    expect(tickets.get(4000)).toMatchObject({ company: { identifier: 'AcmeCorp' }, board: { id: 3 }, priority: { id: 6 } });
    expect(outcome.response).toMatch(/assetId "WS-0042" is not a configuration record id/);
    expect(configurations).toEqual([]);
    expect(vendor.refused).toEqual([]);
  });

  it('writes nothing to a ticket a person closed, and closes by status id when configured so', async () => {
    const c = configure({ closedStatus: 77 });
    const { ticket } = await connectwiseTicketing.open(c, requests.open, channelContext());
    tickets.get(4000)!.closedFlag = true;
    expect(await connectwiseTicketing.note(c, ticket!, requests.note, channelContext())).toEqual({ ok: true, alreadyClosed: true });
    expect(await connectwiseTicketing.close(c, ticket!, requests.close, channelContext())).toEqual({ ok: true, alreadyClosed: true });
    tickets.get(4000)!.closedFlag = false;
    tickets.get(4000)!.status = { id: 77, name: 'Done (backups)' };
    expect(await connectwiseTicketing.note(c, ticket!, requests.note, channelContext())).toEqual({ ok: true, alreadyClosed: true });
    expect(notes).toEqual([]);
    expect(vendor.requests.filter((r) => r.method === 'PATCH')).toEqual([]);
  });

  it('waits out an outage, and does not retry what ConnectWise refuses', async () => {
    vendor.down = { status: 503 };
    expect(await connectwiseTicketing.open(configure(), requests.open, channelContext())).toMatchObject({ ok: false, retryable: true, status: 503 });
    vendor.down = null;
    expect(await connectwiseTicketing.open(configure(), requests.open, channelContext())).toMatchObject({ ok: true, ticket: { id: '4000' } });

    expect(await connectwiseTicketing.open(configure({ privateKey: 'wrong' }), requests.open, channelContext())).toMatchObject({ ok: false, retryable: false, status: 400 });
    expect(await connectwiseTicketing.open(configure(), ticketRequests().open, channelContext())).toMatchObject({ ok: false, retryable: false, error: /no companyId/ });
    expect(await connectwiseTicketing.open(configure(), ticketRequests({ companyId: '1', boardId: 'Help desk' }).open, channelContext())).toMatchObject({ ok: false, retryable: false, error: /boardId "Help desk"/ });
  });

  it('adopts the ticket a create made when its answer was lost, and finds none where there is none', async () => {
    const c = configure();
    await expectNothingFound({ adapter: connectwiseTicketing, config: c, ctx: channelContext(), vendor });
    const ticket = await expectLostAnswerAdopted({
      adapter: connectwiseTicketing,
      config: c,
      vendor,
      ctx: channelContext(),
      fields: { companyId: '250', boardId: '12' },
      isCreate: (r) => r.method === 'POST' && r.path === `${API}/service/tickets`,
      tickets: () => [...tickets.values()],
    });
    expect(ticket.id).toBe('4000');
    expect(notes.map((n) => n.ticketId)).toEqual([4000, 4000]);
    expect(tickets.get(4000)).toMatchObject({ closedFlag: true });
    const search = vendor.requests.filter((r) => r.method === 'GET' && r.path === `${API}/service/tickets`);
    expect(search.map((r) => r.query.get('conditions'))).toEqual(Array(2).fill('externalXRef="backwatch-incident-41-7"'));
  });

  it('lists companies, service boards, a board\'s statuses and priorities, searched and paged as ConnectWise pages', async () => {
    const { companies, boards, statuses, priorities } = connectwiseTicketing.lookups!;
    const c = configure();
    const first = await companies!.list(c, { search: null, page: null, parent: null }, channelContext());
    expect(first).toMatchObject({ ok: true, nextPage: '2' });
    expect(first.ok && first.items.slice(0, 2)).toEqual([{ id: '250', name: 'Client 00', also: ['Client0'] }, { id: '251', name: 'Client 01', also: ['Client1'] }]);
    const second = await companies!.list(c, { search: null, page: '2', parent: null }, channelContext());
    expect(second).toMatchObject({ ok: true, nextPage: null });
    expect(second.ok && second.items.map((i) => i.name)).toEqual(Array.from({ length: 9 }, (_, n) => `Client ${50 + n}`));
    const searched = await companies!.list(c, { search: 'ent 1', page: null, parent: null }, channelContext());
    expect(searched.ok && searched.items.map((i) => i.id)).toEqual(Array.from({ length: 10 }, (_, n) => String(260 + n)));

    expect(await boards!.list(c, { search: null, page: null, parent: null }, channelContext())).toEqual({ ok: true, nextPage: null, items: [{ id: '3', name: 'Backups' }, { id: '12', name: 'Help Desk' }] });
    expect(await statuses!.list(c, { search: 'clo', page: null, parent: '12' }, channelContext())).toEqual({ ok: true, nextPage: null, items: [{ id: '78', name: '>Closed' }] });
    expect(await statuses!.list(c, { search: null, page: null, parent: null }, channelContext())).toMatchObject({ ok: false, retryable: false, error: 'choose a service board first' });
    expect(await priorities!.list(c, { search: 'normal', page: null, parent: null }, channelContext())).toEqual({ ok: true, nextPage: null, items: [{ id: '6', name: 'Priority 3 - Normal' }] });
    expect(vendor.requests[0]!.query.get('conditions')).toBe('deletedFlag=false');
    expect(vendor.refused).toEqual([]);
  });

  it('names the settings the tenant does not have', async () => {
    const good = configure({ companyId: '308', boardId: 12, statusId: 1, closedStatus: '>Closed', priorities: { high: 8, low: 6 } });
    expect(await settingProblems(connectwiseTicketing, good, channelContext())).toEqual([]);
    expect(await settingProblems(connectwiseTicketing, configure({ companyId: 'Client7' }), channelContext())).toEqual([]);
    expect(await settingProblems(connectwiseTicketing, configure({ companyId: 'Client59' }), channelContext())).toEqual([{ path: 'companyId', message: 'no company "Client59"' }]);
    expect(await settingProblems(connectwiseTicketing, configure({ companyId: '999', boardId: 9, priorities: { high: 8, low: 5 } }), channelContext())).toEqual([
      { path: 'companyId', message: 'no company "999"' },
      { path: 'boardId', message: 'no service board "9"' },
      { path: 'priorities.low', message: 'no priority "5"' },
    ]);
    expect(await settingProblems(connectwiseTicketing, configure({ boardId: 3, closedStatus: '>Closed' }), channelContext())).toEqual([{ path: 'closedStatus', message: 'no status ">Closed" for boardId 3' }]);
    vendor.down = { status: 503 };
    expect(await settingProblems(connectwiseTicketing, configure({ companyId: '999' }), channelContext())).toEqual([]);
  });

  it('verifies the settings with one authenticated request', async () => {
    expect(await connectwiseTicketing.verify(configure(), channelContext())).toEqual({ ok: true, status: 200 });
    expect(await connectwiseTicketing.verify(configure({ url: `${vendor.url}${API}/` }), channelContext())).toEqual({ ok: true, status: 200 });
    expect(await connectwiseTicketing.verify(configure({ clientId: 'other' }), channelContext())).toMatchObject({ ok: false, retryable: false });
    expect(vendor.requests.map((r) => `${r.method} ${r.path}`)).toEqual(Array(3).fill(`GET ${API}/system/info`));
  });
});
