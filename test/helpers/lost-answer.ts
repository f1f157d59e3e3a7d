import { expect } from 'vitest';
import type { ChannelContext } from '../../src/modules/alerts/channels/channel.types.js';
import type { TicketingAdapter, TicketRef } from '../../src/modules/tickets/tickets.types.js';
import type { FakeVendor, VendorRequest } from './fake-vendor.js';
import { ticketRequests } from './ticket-requests.js';

export interface LostAnswerCase<C> {
  adapter: TicketingAdapter<C>;
  config: C;
  vendor: FakeVendor;
  ctx: ChannelContext;
  /** The request that creates the ticket (the one whose answer is lost). */
  isCreate: (req: VendorRequest) => boolean;
  /** The tickets the fake holds now. */
  tickets: () => unknown[];
  fields?: Record<string, string>;
}

/**
 * The vendor creates the ticket and the connection drops before the answer: the create fails,
 * `find` adopts the ticket by its marker, and the note and the close go to it. Exactly one ticket
 * exists afterwards. Answers the adopted ticket, for the vendor's own assertions on notes and state.
 */
export async function expectLostAnswerAdopted<C>(t: LostAnswerCase<C>): Promise<TicketRef> {
  const req = ticketRequests(t.fields);
  expect(t.adapter.find, `${t.adapter.type} can search for its marker`).toBeTypeOf('function');
  t.vendor.dropAnswer = t.isCreate;
  const lost = await t.adapter.open(t.config, req.open, t.ctx);
  expect(lost).toMatchObject({ ok: false, retryable: true });
  expect(t.vendor.dropAnswer, 'the create was dropped').toBeNull();
  expect(t.tickets()).toHaveLength(1);

  const found = await t.adapter.find!(t.config, req.open, t.ctx);
  expect(found).toMatchObject({ ok: true, ticket: { id: expect.any(String) } });
  const ticket = found.ok ? found.ticket! : undefined!;
  expect(await t.adapter.note(t.config, ticket, req.note, t.ctx)).toMatchObject({ ok: true });
  expect(await t.adapter.close(t.config, ticket, req.close, t.ctx)).toMatchObject({ ok: true });
  expect(t.tickets()).toHaveLength(1);
  expect(t.vendor.refused).toEqual([]);
  return ticket;
}

/** With no ticket of the marker at the vendor, `find` answers none (and the lifecycle opens one). */
export async function expectNothingFound<C>(t: Pick<LostAnswerCase<C>, 'adapter' | 'config' | 'ctx' | 'vendor' | 'fields'>): Promise<void> {
  const req = ticketRequests(t.fields);
  const found = await t.adapter.find!(t.config, req.open, t.ctx);
  expect(found).toEqual(expect.objectContaining({ ok: true }));
  expect(found.ok && found.ticket).toBeFalsy();
  expect(t.vendor.refused).toEqual([]);
}
