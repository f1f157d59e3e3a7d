import { type FakeVendor, startFakeVendor, type VendorRequest } from './fake-vendor.js';

export const AUTOTASK_API = '/atservicesrest/v1.0';
export type Ticket = { id: number; companyID: number; queueID: number; title: string; description: string; status: number; priority: number; configurationItemID?: number };


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
function queried(url: string, req: VendorRequest, entity: string, rows: Record<string, unknown>[]) {
  const search = querySearch(req);
  if (typeof search === 'string') return { status: 400, json: { errors: [search] } };
  const max = search.MaxRecords ?? 500;
  const offset = req.path.endsWith('/query/next') ? Number(JSON.parse(req.query.get('paging')!).offset) : 0;
  const found = rows.filter((r) => search.filter.every((f) => holds(r, f)));
  const items = found.slice(offset, offset + max).map((r) => (search.IncludeFields ? Object.fromEntries(['id', ...search.IncludeFields].map((f) => [f, r[f]])) : r));
  const next = offset + max < found.length ? `${url}${AUTOTASK_API}/${entity}/query/next?paging=${encodeURIComponent(JSON.stringify({ offset: offset + max }))}&search=${encodeURIComponent(req.query.get('search')!)}` : null;
  return { status: 200, json: { items, pageDetails: { count: items.length, requestCount: max, prevPageUrl: null, nextPageUrl: next } } };
}

/** What Autotask documents: REST v1.0, the three API-user headers, and the Tickets and TicketNotes fields with their types and lengths. */
function check(req: VendorRequest): string | null {
  if (!req.path.startsWith(`${AUTOTASK_API}/`)) return 'not REST v1.0';
  const h = req.headers;
  if (h.apiintegrationcode !== 'TRACKING-ID' || h.username !== 'backwatch@msp.example' || h.secret !== 's3cret') return 'bad API user';
  const b = req.json;
  if (req.method === 'POST' && req.path === `${AUTOTASK_API}/Tickets`) {
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

export interface FakeAutotask {
  vendor: FakeVendor;
  tickets: Map<number, Ticket>;
  notes: Record<string, unknown>[];
  /** The channel settings that sign in to it (the zone URL and the API user it checks). */
  credentials: () => { url: string; integrationCode: string; userName: string; secret: string };
}

/** Autotask's REST API v1.0, as much as the integration uses, refusing what the documentation does not describe. */
export async function startFakeAutotask(): Promise<FakeAutotask> {
  const tickets = new Map<number, Ticket>();
  const notes: Record<string, unknown>[] = [];
  let url = '';
  const vendor = await startFakeVendor(
    [
      ['GET', /\/Tickets\/entityInformation$/, () => ({ status: 200, json: { name: 'Ticket', canCreate: true, canUpdate: true } })],
      ['GET', /\/Tickets\/entityInformation\/fields$/, () => ({ status: 200, json: { fields: TICKET_FIELDS } })],
      ['GET', /\/TicketNotes\/entityInformation\/fields$/, () => ({ status: 200, json: { fields: NOTE_FIELDS } })],
      ['GET', /\/Tickets\/query(\/next)?$/, (req) => queried(url, req, 'Tickets', [...tickets.values()])],
      ['GET', /\/Companies\/query(\/next)?$/, (req) => queried(url, req, 'Companies', COMPANIES)],
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
  url = vendor.url;
  return { vendor, tickets, notes, credentials: () => ({ url: `${url}/atservicesrest`, integrationCode: 'TRACKING-ID', userName: 'backwatch@msp.example', secret: 's3cret' }) };
}

