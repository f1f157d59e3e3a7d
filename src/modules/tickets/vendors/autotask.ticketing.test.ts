import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelContext } from '../../../../test/helpers/channels.js';
import type { FakeVendor } from '../../../../test/helpers/fake-vendor.js';
import { AUTOTASK_API as API, type FakeAutotask, startFakeAutotask } from '../../../../test/helpers/fake-autotask.js';
import { expectLostAnswerAdopted, expectNothingFound } from '../../../../test/helpers/lost-answer.js';
import { ticketRequests } from '../../../../test/helpers/ticket-requests.js';
import { settingProblems } from '../tickets.lookups.js';
import { autotaskTicketing } from './autotask.ticketing.js';

let vendor: FakeVendor;
let tickets: FakeAutotask['tickets'];
let notes: FakeAutotask['notes'];
let credentials: FakeAutotask['credentials'];
beforeEach(async () => {
  ({ vendor, tickets, notes, credentials } = await startFakeAutotask());
});
afterEach(() => vendor.close());

const configure = (over: Record<string, unknown> = {}) =>
  autotaskTicketing.config.parse({ ...credentials(), ...over });
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
    // The ticket picklists are read once per list, however many settings (new, complete, two closed statuses) they check.
    expect(vendor.requests.filter((r) => r.path.endsWith('/Tickets/entityInformation/fields'))).toHaveLength(3);
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
