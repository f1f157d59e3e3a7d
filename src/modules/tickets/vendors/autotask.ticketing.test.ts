import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelContext } from '../../../../test/helpers/channels.js';
import { type FakeVendor, startFakeVendor, type VendorRequest } from '../../../../test/helpers/fake-vendor.js';
import { ticketRequests } from '../../../../test/helpers/ticket-requests.js';
import { autotaskTicketing } from './autotask.ticketing.js';

const API = '/atservicesrest/v1.0';
type Ticket = { id: number; companyID: number; queueID: number; title: string; description: string; status: number; priority: number; configurationItemID?: number };

let vendor: FakeVendor;
let tickets: Map<number, Ticket>;
let notes: Record<string, unknown>[];

const isId = (v: unknown) => Number.isInteger(v) && (v as number) > 0;

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
  return null;
}

beforeEach(async () => {
  tickets = new Map();
  notes = [];
  vendor = await startFakeVendor(
    [
      ['GET', /\/Tickets\/entityInformation$/, () => ({ status: 200, json: { name: 'Ticket', canCreate: true, canUpdate: true } })],
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
      description: requests.open.body,
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

  it('verifies the settings with one authenticated request', async () => {
    expect(await autotaskTicketing.verify(configure(), channelContext())).toEqual({ ok: true, status: 200 });
    expect(await autotaskTicketing.verify(configure({ userName: 'someone@else' }), channelContext())).toMatchObject({ ok: false, retryable: false });
    expect(vendor.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${API}/Tickets/entityInformation`, `GET ${API}/Tickets/entityInformation`]);
  });
});
