import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelContext } from '../../../../test/helpers/channels.js';
import { type FakeVendor, startFakeVendor, type VendorRequest } from '../../../../test/helpers/fake-vendor.js';
import { ticketRequests } from '../../../../test/helpers/ticket-requests.js';
import { connectwiseTicketing } from './connectwise.ticketing.js';

const API = '/v4_6_release/apis/3.0';
const AUTH = `Basic ${Buffer.from('backwatchmsp+pub123:priv456').toString('base64')}`;
type Ticket = { id: number; summary: string; initialDescription: string; company: object; board?: object; priority?: object; status: { id?: number; name: string }; closedFlag: boolean };

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
  return null;
}

beforeEach(async () => {
  tickets = new Map();
  notes = [];
  configurations = [];
  vendor = await startFakeVendor(
    [
      ['GET', /\/system\/info$/, () => ({ status: 200, json: { version: 'v2026.1' } })],
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

  it('verifies the settings with one authenticated request', async () => {
    expect(await connectwiseTicketing.verify(configure(), channelContext())).toEqual({ ok: true, status: 200 });
    expect(await connectwiseTicketing.verify(configure({ url: `${vendor.url}${API}/` }), channelContext())).toEqual({ ok: true, status: 200 });
    expect(await connectwiseTicketing.verify(configure({ clientId: 'other' }), channelContext())).toMatchObject({ ok: false, retryable: false });
    expect(vendor.requests.map((r) => `${r.method} ${r.path}`)).toEqual(Array(3).fill(`GET ${API}/system/info`));
  });
});
