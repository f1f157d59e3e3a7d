import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelContext } from '../../../../test/helpers/channels.js';
import { type FakeVendor, type Route, startFakeVendor, type VendorRequest } from '../../../../test/helpers/fake-vendor.js';
import { expectLostAnswerAdopted, expectNothingFound } from '../../../../test/helpers/lost-answer.js';
import { ticketRequests } from '../../../../test/helpers/ticket-requests.js';
import { settingProblems } from '../tickets.lookups.js';
import { ateraTicketing } from './atera.ticketing.js';
import { htmlText } from './vendor.html.js';

// Atera API v3 as documented by its Swagger 2.0 document, https://app.atera.com/swagger/docs/v3 (behind a
// login; read in the snapshot github.com/brionispoptart/ticketera docs/atera-swagger-v3.json): POST /tickets
// (CreateTicketDTO, TicketTitle and Description required), GET and PUT /tickets/{ticketId} (TicketQueryDTO,
// UpdateTicketDTO), POST /tickets/{ticketId}/comments (CreateTicketCommentDTO: an internal comment needs
// TechnicianCommentDetails with an existing technician's id and IsInternal true), GET /customers (page,
// itemsInPage), the X-API-KEY header. The create's answer ({ ActionID }) as api-evangelist/atera and
// wyre-technology/msp-claude-plugins (atera/skills/tickets) describe it; statuses Open, Pending, Resolved, Closed
// from the same pages.

const API_KEY = 'c5e1a0f4b6d24e7f9a3b8d2e1f0a9c7b';
const TECHNICIAN = 7001;
const CREATE = ['TicketTitle', 'Description', 'TicketPriority', 'TicketImpact', 'TicketStatus', 'TicketType', 'EndUserID', 'EndUserFirstName', 'EndUserLastName', 'EndUserEmail', 'EndUserPhone', 'TechnicianContactID', 'TechnicianEmail'];
const UPDATE = ['TicketTitle', 'TicketStatus', 'TicketType', 'TicketPriority', 'TicketImpact', 'TechnicianContactID', 'TechnicianEmail'];
const PRIORITIES = ['Low', 'Medium', 'High', 'Critical'];
const IMPACTS = ['NoImpact', 'SiteDown', 'ServerIssue', 'Minor', 'Major', 'Crisis'];
const TYPES = ['Incident', 'Problem', 'Request', 'Change'];

interface Ticket {
  fields: Record<string, any>;
  TicketStatus: string;
  comments: { CommentText: string; TechnicianCommentDetails: { TechnicianId: number; IsInternal: boolean } }[];
}

let fake: FakeVendor;
let tickets: Map<number, Ticket>;

const unknownKeys = (body: object, allowed: string[]) => Object.keys(body).filter((k) => !allowed.includes(k));

/** Refuses what the Swagger document gives no shape for. */
function ateraShape(req: VendorRequest): string | null {
  if (!req.path.startsWith('/api/v3/')) return 'not API v3';
  if (req.headers['x-api-key'] !== API_KEY) return `X-API-KEY ${req.headers['x-api-key'] ?? 'missing'}`;
  if (req.method === 'GET') return listShape(req);
  if (req.headers['content-type'] !== 'application/json') return 'not JSON';
  const b = req.json ?? {};
  if (req.path.endsWith('/comments')) {
    const t = b.TechnicianCommentDetails;
    if (unknownKeys(b, ['CommentText', 'CommentTimestampUTC', 'TechnicianCommentDetails', 'EnduserCommentDetails']).length) return 'unknown comment field';
    if (typeof b.CommentText !== 'string' || !b.CommentText) return 'CommentText is required';
    if (!Number.isInteger(t?.TechnicianId) || t.IsInternal !== true || unknownKeys(t, ['TechnicianId', 'IsInternal', 'TechnicianEmail']).length) return 'an internal comment names an existing technician, IsInternal true';
    return null;
  }
  if (req.method === 'PUT') return unknownKeys(b, UPDATE).length || typeof b.TicketStatus !== 'string' ? 'UpdateTicketDTO' : null;
  if (unknownKeys(b, CREATE).length) return `unknown fields ${unknownKeys(b, CREATE).join(', ')}`;
  if (typeof b.TicketTitle !== 'string' || !b.TicketTitle || typeof b.Description !== 'string' || !b.Description) return 'TicketTitle and Description are required';
  if (!PRIORITIES.includes(b.TicketPriority) || !IMPACTS.includes(b.TicketImpact) || !TYPES.includes(b.TicketType)) return 'priority, impact or type not in the enum';
  const newContact = [b.EndUserEmail, b.EndUserFirstName, b.EndUserLastName].every((v) => typeof v === 'string' && v);
  if (!Number.isInteger(b.EndUserID) && !newContact) return 'an EndUserID, or a new contact\'s first name, last name and email';
  return null;
}

const LIST_PARAMS: Record<string, [params: string[], maxItems: number]> = {
  '/api/v3/customers': [['page', 'itemsInPage'], 500],
  '/api/v3/tickets': [['page', 'itemsInPage', 'customerId', 'ticketStatus', 'includeRelations'], 50],
  '/api/v3/contacts': [['page', 'itemsInPage', 'searchOptions.email', 'searchOptions.phone'], 500],
};
/** Find tickets, Find Contacts and Find Customers as the Swagger document gives them: their parameters, numbers, page sizes. */
function listShape(req: VendorRequest): string | null {
  const list = LIST_PARAMS[req.path];
  if (!list) return null;
  const unknown = [...req.query.keys()].filter((k) => !list[0].includes(k));
  if (unknown.length) return `unknown parameters ${unknown.join(', ')}`;
  for (const n of ['page', 'itemsInPage', 'customerId']) if (req.query.has(n) && !/^[1-9]\d*$/.test(req.query.get(n)!)) return `${n} is a positive number`;
  if (Number(req.query.get('itemsInPage') ?? 20) > list[1]) return `itemsInPage is at most ${list[1]}`;
  return null;
}

/** APIResultWrapper: items of the page, the page, the page count. */
function wrapped(all: object[], q: URLSearchParams) {
  const per = Number(q.get('itemsInPage') ?? 20);
  const page = Number(q.get('page') ?? 1);
  const totalPages = Math.ceil(all.length / per);
  return { status: 200, json: { items: all.slice((page - 1) * per, page * per), totalItemCount: all.length, page, itemsInPage: per, totalPages } };
}
/** The list shows the description as its first comment, without markup. */
const plain = (html: string) => html.replace(/<br>/g, '\n').replace(/<[^>]+>/g, '');
const CONTACTS = Array.from({ length: 230 }, (_, n) => ({ EndUserID: 40 + n, CustomerID: 12, CustomerName: 'Acme Corp', Firstname: `First${n}`, Lastname: 'Smith', Email: `user${n}@acme.example`, Archived: false }));

const found = (m: RegExpMatchArray) => tickets.get(Number(m[1]));
const routes: Route[] = [
  ['POST', /^\/api\/v3\/tickets$/, (req) => {
    const ticketId = 5100 + tickets.size;
    tickets.set(ticketId, { fields: req.json, TicketStatus: req.json.TicketStatus ?? 'Open', comments: [] });
    return { status: 201, json: { ActionID: ticketId } };
  }],
  ['GET', /^\/api\/v3\/tickets$/, ({ query }) => {
    // Oldest first: Atera documents no order, and `find` must not depend on one.
    const all = [...tickets].map(([TicketID, t]) => ({ TicketID, TicketTitle: t.fields.TicketTitle, TicketStatus: t.TicketStatus, FirstComment: plain(t.fields.Description) }));
    return wrapped(all, query);
  }],
  ['GET', /^\/api\/v3\/contacts$/, ({ query }) => wrapped(CONTACTS.filter((x) => x.Email.includes(query.get('searchOptions.email') ?? '')), query)],
  ['GET', /^\/api\/v3\/tickets\/(\d+)$/, (_, m) => (found(m) ? { status: 200, json: { TicketID: Number(m[1]), TicketStatus: found(m)!.TicketStatus } } : { status: 404, json: { Message: 'Ticket not found' } })],
  ['POST', /^\/api\/v3\/tickets\/(\d+)\/comments$/, (req, m) => (found(m)!.comments.push(req.json), { status: 201, text: '' })],
  ['PUT', /^\/api\/v3\/tickets\/(\d+)$/, (req, m) => ((found(m)!.TicketStatus = req.json.TicketStatus), { status: 200, json: { ActionID: m[1] } })],
  ['GET', /^\/api\/v3\/customers$/, () => ({ status: 200, json: { items: [{ CustomerID: 12, CustomerName: 'Acme Corp' }], totalItemCount: 1, page: 1, itemsInPage: 1, totalPages: 1 } })],
];

beforeEach(async () => {
  tickets = new Map();
  fake = await startFakeVendor(routes, ateraShape);
});
afterEach(() => fake.close());

const configure = (over: Record<string, unknown> = {}) =>
  ateraTicketing.config.parse({ apiUrl: `${fake.url}/api/v3`, apiKey: API_KEY, technicianId: TECHNICIAN, endUserId: 45, ...over });
const ctx = () => channelContext();
const internal = (body: string) => ({ CommentText: htmlText(body), TechnicianCommentDetails: { TechnicianId: TECHNICIAN, IsInternal: true } });

describe('Atera', () => {
  it('opens a ticket for the contact, adds internal comments while the problem lasts, and resolves it', async () => {
    const req = ticketRequests({ endUserId: '54' });
    const opened = await ateraTicketing.open(configure(), req.open, ctx());
    expect(opened).toEqual({ ok: true, status: 201, ticket: { id: '5100', url: 'https://app.atera.com/new/ticket/5100' } });
    expect(tickets.get(5100)!.fields).toEqual({
      TicketTitle: req.open.subject,
      Description: `${htmlText(req.open.body)}<br><br>${req.open.marker}`,
      TicketPriority: 'High',
      TicketImpact: 'Minor',
      TicketStatus: 'Open',
      TicketType: 'Incident',
      EndUserID: 54,
    });
    expect(await ateraTicketing.note(configure(), opened.ticket!, req.note, ctx())).toEqual({ ok: true, status: 201 });
    expect(await ateraTicketing.close(configure(), opened.ticket!, req.close, ctx())).toEqual({ ok: true, status: 200 });
    expect(tickets.get(5100)).toMatchObject({ TicketStatus: 'Resolved', comments: [internal(req.note.body), internal(req.close.body)] });
    expect(fake.refused).toEqual([]);
  });

  it('opens a warning with the low priority, for a contact by email, and closes with the status configured', async () => {
    const req = ticketRequests({ endUserEmail: 'it@acme.example' });
    const c = configure({ priorities: { low: 'Medium' }, impact: 'NoImpact', ticketType: 'Problem', closeStatus: 'Closed', webUrl: 'https://atera.example/' });
    const opened = await ateraTicketing.open(c, req.openWarning, ctx());
    expect(opened.ticket).toEqual({ id: '5100', url: 'https://atera.example/new/ticket/5100' });
    const { fields } = tickets.get(5100)!;
    expect(fields).toMatchObject({ TicketPriority: 'Medium', TicketImpact: 'NoImpact', TicketType: 'Problem' });
    expect(fields).toMatchObject({ EndUserEmail: 'it@acme.example', EndUserFirstName: 'Backup', EndUserLastName: 'Monitoring' });
    expect(fields).not.toHaveProperty('EndUserID');
    await ateraTicketing.close(c, opened.ticket!, req.close, ctx());
    expect(tickets.get(5100)!.TicketStatus).toBe('Closed');
    expect(fake.refused).toEqual([]);
  });

  it('sends report text escaped, so it cannot add markup to the ticket', async () => {
    const req = ticketRequests().open;
    await ateraTicketing.open(configure(), { ...req, body: 'Job <img src=x onerror=alert(1)> & "more"\nnext line' }, ctx());
    expect(tickets.get(5100)!.fields.Description).toBe('Job &lt;img src=x onerror=alert(1)&gt; &amp; &quot;more&quot;<br>next line<br><br>backwatch-incident-41-7');
  });

  it('writes nothing to a ticket resolved, closed or deleted by a person', async () => {
    const req = ticketRequests();
    const c = configure({ closedStatuses: ['Resolved', 'Closed', 'Done - billed'] });
    const { ticket } = await ateraTicketing.open(c, req.open, ctx());
    for (const status of ['Resolved', 'Closed', 'Done - billed']) {
      tickets.get(5100)!.TicketStatus = status;
      expect(await ateraTicketing.note(c, ticket!, req.note, ctx())).toEqual({ ok: true, alreadyClosed: true });
      expect(await ateraTicketing.close(c, ticket!, req.close, ctx())).toEqual({ ok: true, alreadyClosed: true });
    }
    expect(await ateraTicketing.note(c, { id: '99', url: null }, req.note, ctx())).toEqual({ ok: true, alreadyClosed: true });
    expect(fake.requests.filter((r) => r.method === 'PUT' || r.path.endsWith('/comments'))).toEqual([]);
    expect(fake.refused).toEqual([]);
  });

  it('refuses to open a ticket without a contact, or with a contact id that is no number, before asking Atera', async () => {
    const none = await ateraTicketing.open(configure({ endUserId: undefined }), ticketRequests().open, ctx());
    expect(none).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('endUserId') });
    const bad = await ateraTicketing.open(configure(), ticketRequests({ endUserId: 'jason' }).open, ctx());
    expect(bad).toMatchObject({ ok: false, retryable: false, error: 'endUserId must be a number, not "jason"' });
    expect(fake.requests).toEqual([]);
  });

  it('retries through an outage or a rate limit, but not a refusal, and names what Atera said', async () => {
    const req = ticketRequests();
    for (const status of [429, 500, 503]) {
      fake.down = { status, json: {} };
      expect(await ateraTicketing.open(configure(), req.open, ctx())).toMatchObject({ ok: false, retryable: true, status });
    }
    fake.down = { status: 401, text: '' };
    expect(await ateraTicketing.verify(configure(), ctx())).toMatchObject({ ok: false, retryable: false, status: 401, error: 'Atera customers: HTTP 401' });
    fake.down = { status: 403, json: { Message: 'The API key has no Write permission on Tickets' } };
    expect(await ateraTicketing.open(configure(), req.open, ctx())).toMatchObject({
      ok: false,
      retryable: false,
      status: 403,
      error: 'Atera create ticket: HTTP 403: The API key has no Write permission on Tickets',
    });
    fake.down = { status: 400, json: { Message: 'Invalid EndUserID' } };
    expect(await ateraTicketing.open(configure(), req.open, ctx())).toMatchObject({ ok: false, retryable: false, status: 400 });
    fake.down = null;
    expect(await ateraTicketing.open(configure(), req.open, ctx())).toMatchObject({ ok: true, ticket: { id: '5100' } });
  });

  it('adopts the ticket a create made when its answer was lost, found in the last page of tickets, and finds none where there is none', async () => {
    for (let n = 0; n < 120; n++) {
      tickets.set(5100 + n, { fields: { TicketTitle: `Earlier ${n}`, Description: `Earlier<br><br>backwatch-incident-41-7${n}` }, TicketStatus: 'Open', comments: [] });
    }
    await expectNothingFound({ adapter: ateraTicketing, config: configure(), ctx: ctx(), vendor: fake });
    const pages = fake.requests.filter((r) => r.path === '/api/v3/tickets').map((r) => r.query.get('page'));
    expect(pages).toEqual(['1', '3', '2']);
    const ticket = await expectLostAnswerAdopted({
      adapter: ateraTicketing,
      config: configure(),
      vendor: fake,
      ctx: ctx(),
      isCreate: (r) => r.method === 'POST' && r.path === '/api/v3/tickets',
      tickets: () => [...tickets.values()].filter((t) => !t.fields.TicketTitle.startsWith('Earlier')),
    });
    expect(ticket).toEqual({ id: '5220', url: 'https://app.atera.com/new/ticket/5220' });
    expect(tickets.get(5220)).toMatchObject({ TicketStatus: 'Resolved', comments: [{}, {}] });
  });

  it('lists the contacts, searched by email and paged', async () => {
    const { contacts } = ateraTicketing.lookups!;
    const first = await contacts!.list(configure(), { search: null, page: null, parent: null }, ctx());
    expect(first).toMatchObject({ ok: true, nextPage: '2' });
    expect(first.ok && first.items[0]).toEqual({ id: '40', name: 'First0 Smith <user0@acme.example> (Acme Corp)' });
    const last = await contacts!.list(configure(), { search: null, page: '3', parent: null }, ctx());
    expect(last).toMatchObject({ ok: true, nextPage: null });
    expect(last.ok && last.items).toHaveLength(30);
    const searched = await contacts!.list(configure(), { search: 'user22', page: null, parent: null }, ctx());
    expect(searched.ok && searched.items.map((x) => x.id)).toEqual(['62', ...Array.from({ length: 10 }, (_, n) => String(260 + n))]);
    expect(fake.refused).toEqual([]);
  });

  it('names the contact the account does not have', async () => {
    expect(await settingProblems(ateraTicketing, configure({ endUserId: 269 }), ctx())).toEqual([]);
    expect(await settingProblems(ateraTicketing, configure({ endUserId: 999 }), ctx())).toEqual([{ path: 'endUserId', message: 'no contact "999"' }]);
    fake.down = { status: 503 };
    expect(await settingProblems(ateraTicketing, configure({ endUserId: 999 }), ctx())).toEqual([]);
  });

  it('verifies the API key by listing one customer', async () => {
    expect(await ateraTicketing.verify(configure(), ctx())).toEqual({ ok: true, status: 200 });
    expect(fake.requests[0]).toMatchObject({ method: 'GET', path: '/api/v3/customers' });
    expect(fake.requests[0]!.query.get('itemsInPage')).toBe('1');
    expect(fake.refused).toEqual([]);
  });
});
