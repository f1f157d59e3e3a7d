import { type FakeVendor, startFakeVendor, type VendorRequest } from './fake-vendor.js';

export const CW_API = '/v4_6_release/apis/3.0';
const AUTH = `Basic ${Buffer.from('backwatchmsp+pub123:priv456').toString('base64')}`;
export type Ticket = { id: number; summary: string; initialDescription: string; company: object; externalXRef?: string; board?: object; priority?: object; status: { id?: number; name: string }; closedFlag: boolean };
type Row = Record<string, unknown> & { id: number; name: string };

export const COMPANIES: Row[] = Array.from({ length: 60 }, (_, n) => ({ id: 250 + n, identifier: `Client${n}`, name: `Client ${String(n).padStart(2, '0')}`, deletedFlag: n === 59 }));
export const BOARDS: Row[] = [
  { id: 12, name: 'Help Desk', inactiveFlag: false },
  { id: 3, name: 'Backups', inactiveFlag: false },
  { id: 9, name: 'Old projects', inactiveFlag: true },
];
export const STATUSES: Record<number, Row[]> = {
  12: [
    { id: 1, name: 'New', inactive: false },
    { id: 77, name: 'Done (backups)', inactive: false },
    { id: 78, name: '>Closed', inactive: false },
  ],
  3: [{ id: 31, name: 'New', inactive: false }],
};
export const PRIORITIES: Row[] = [
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
function paged(url: string, req: VendorRequest, rows: Row[] | Ticket[]) {
  const found = matching(rows as Record<string, unknown>[], req.query.get('conditions'));
  if (!found) return { status: 400, json: { code: 'InvalidObject', message: 'conditions' } };
  const order = req.query.get('orderBy');
  if (order === 'name asc') found.sort((a, b) => String(a.name).localeCompare(String(b.name)));
  const size = Number(req.query.get('pageSize') ?? 25);
  const page = Number(req.query.get('page') ?? 1);
  const fields = req.query.get('fields')?.split(',');
  const items = found.slice((page - 1) * size, page * size).map((r) => (fields ? Object.fromEntries(fields.map((f) => [f, r[f]])) : r));
  const link = page * size < found.length ? `<${url}${req.path}?pageSize=${size}&page=${page + 1}>; rel="next", <${url}${req.path}?pageSize=${size}&page=${Math.ceil(found.length / size)}>; rel="last"` : '';
  return { status: 200, json: items, headers: link ? { link } : {} };
}


/** What ConnectWise documents: the 3.0 API under the codebase, Basic company+public:private, a clientId, and the Ticket and note shapes. */
function check(req: VendorRequest): string | null {
  if (!req.path.startsWith(`${CW_API}/`)) return 'not the 3.0 API';
  if (req.headers.authorization !== AUTH) return 'bad credentials';
  if (req.headers.clientid !== 'client-789') return 'no clientId';
  if (req.method !== 'GET' && req.headers['content-type'] !== 'application/json') return 'not JSON';
  const b = req.json;
  if (req.method === 'POST' && req.path === `${CW_API}/service/tickets`) {
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

export interface FakeConnectWise {
  vendor: FakeVendor;
  tickets: Map<number, Ticket>;
  notes: { ticketId: number; text: string; internalAnalysisFlag: boolean; detailDescriptionFlag: boolean }[];
  configurations: { ticketId: number; id: number }[];
  /** The channel settings that sign in to it (the company, keys and clientId it checks). */
  credentials: () => { url: string; loginCompany: string; publicKey: string; privateKey: string; clientId: string };
}

/** ConnectWise PSA's 3.0 API, as much as the integration uses, refusing what the documentation does not describe. */
export async function startFakeConnectWise(): Promise<FakeConnectWise> {
  const tickets = new Map<number, Ticket>();
  const notes: FakeConnectWise['notes'] = [];
  const configurations: FakeConnectWise['configurations'] = [];
  let url = '';
  const vendor = await startFakeVendor(
    [
      ['GET', /\/system\/info$/, () => ({ status: 200, json: { version: 'v2026.1' } })],
      ['GET', /\/service\/tickets$/, (req) => paged(url, req, [...tickets.values()])],
      ['GET', /\/company\/companies$/, (req) => paged(url, req, COMPANIES)],
      ['GET', /\/service\/boards$/, (req) => paged(url, req, BOARDS)],
      ['GET', /\/service\/boards\/(\d+)\/statuses$/, (req, m) => (STATUSES[Number(m[1])] ? paged(url, req, STATUSES[Number(m[1])]!) : { status: 404, json: { code: 'NotFound' } })],
      ['GET', /\/service\/priorities$/, (req) => paged(url, req, PRIORITIES)],
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
  url = vendor.url;
  return { vendor, tickets, notes, configurations, credentials: () => ({ url: `${url}/`, loginCompany: 'backwatchmsp', publicKey: 'pub123', privateKey: 'priv456', clientId: 'client-789' }) };
}

