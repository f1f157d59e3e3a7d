import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelContext } from '../../../../test/helpers/channels.js';
import type { FakeVendor } from '../../../../test/helpers/fake-vendor.js';
import { CW_API as API, type FakeConnectWise, startFakeConnectWise } from '../../../../test/helpers/fake-connectwise.js';
import { expectLostAnswerAdopted, expectNothingFound } from '../../../../test/helpers/lost-answer.js';
import { ticketRequests } from '../../../../test/helpers/ticket-requests.js';
import { settingProblems } from '../tickets.lookups.js';
import { connectwiseTicketing } from './connectwise.ticketing.js';

let vendor: FakeVendor;
let tickets: FakeConnectWise['tickets'];
let notes: FakeConnectWise['notes'];
let configurations: FakeConnectWise['configurations'];
let credentials: FakeConnectWise['credentials'];
beforeEach(async () => {
  ({ vendor, tickets, notes, configurations, credentials } = await startFakeConnectWise());
});
afterEach(() => vendor.close());

const configure = (over: Record<string, unknown> = {}) =>
  connectwiseTicketing.config.parse({ ...credentials(), priorities: { high: 8, low: 6 }, ...over });
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
