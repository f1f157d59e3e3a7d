import type { Db } from '../../db/database.js';
import type { AlertView } from '../alerts/alerts.models.js';
import { splitTitle, type TemplateSet } from '../alerts/alerts.templates.js';
import type { ChannelContext } from '../alerts/channels/channel.types.js';
import { closeTicketRecord, findOpenTicket, insertTicket, noteAdded, openingView, ticketFieldsFor } from './tickets.repository.js';
import type { TicketingAdapter, TicketOutcome, TicketRequest } from './tickets.types.js';

export interface TicketWork {
  adapter: TicketingAdapter;
  config: { closeOnRecovery: boolean; warnings: 'ticket' | 'note' } & Record<string, unknown>;
  view: AlertView;
  checkId: number;
  channelId: number;
  /** The alert event being delivered: with the channel, it names the incident's marker. */
  eventId: number;
  /** An earlier try of this delivery ended without an answer (or its node died): a create may have been made. */
  resumed: boolean;
  ctx: ChannelContext;
}

/** The mark a ticket carries at the vendor, the same on every try of the delivery that opens it. */
export const incidentMarker = (eventId: number, channelId: number) => `backwatch-incident-${eventId}-${channelId}`;

export interface TicketStep {
  outcome: TicketOutcome;
  /** What to record once the outcome is stored (in the same transaction). */
  record?: (trx: Db, now: string) => Promise<number | null>;
}

const OK: TicketOutcome = { ok: true };

/**
 * One alert, carried into a ticketing system: the first problem of an incident
 * opens a ticket, later ones add notes to it, and recovery adds the closing note
 * and closes it (or only adds the note). A ticket a person closed meanwhile is
 * not written to: the vendor says so, and the problem opens a new ticket.
 */
export async function ticketStep(db: Db, templates: TemplateSet, w: TicketWork): Promise<TicketStep> {
  const open = await findOpenTicket(db, w.checkId, w.channelId);
  const fields = await ticketFieldsFor(db, w.checkId);
  const opening = open ? await openingView(db, open) : null;
  const request = (template: 'open' | 'note' | 'close'): TicketRequest => ({
    view: w.view,
    ...(template === 'open' ? {} : { opening }),
    fields,
    ...subjectAndBody(templates.render('tickets', template, w.view)),
    priority: w.view.status === 'warning' ? 'low' : 'high',
    marker: incidentMarker(w.eventId, w.channelId),
  });
  const ref = open && { id: open.external_id, url: open.url };

  if (w.view.event === 'restore') {
    if (!open || !ref) return { outcome: OK };
    const outcome = w.config.closeOnRecovery ? await w.adapter.close(w.config, ref, request('close'), w.ctx) : await w.adapter.note(w.config, ref, request('close'), w.ctx);
    if (!outcome.ok) return { outcome };
    const closedBy = outcome.alreadyClosed ? 'vendor' : w.config.closeOnRecovery ? 'backwatch' : 'left-open';
    return { outcome, record: async (trx, now) => (await closeTicketRecord(trx, open.id, closedBy, now), open.id) };
  }

  let closedByVendor: number | null = null;
  if (open && ref) {
    const outcome = await w.adapter.note(w.config, ref, request('note'), w.ctx);
    if (!outcome.ok) return { outcome };
    if (!outcome.alreadyClosed) return { outcome, record: async (trx, now) => (await noteAdded(trx, open.id, now), open.id) };
    closedByVendor = open.id;
  }
  const recordVendorClose = async (trx: Db, now: string) => {
    if (closedByVendor !== null) await closeTicketRecord(trx, closedByVendor, 'vendor', now);
  };
  if (w.view.status === 'warning' && w.config.warnings === 'note') return { outcome: OK, record: async (trx, now) => (await recordVendorClose(trx, now), null) };

  // A lost answer may hide a ticket the vendor made: adopt it rather than open a second one. A search
  // the vendor refuses for good (the account may not search) does not hold the ticket back: a failed
  // backup without a ticket is worse than a second ticket.
  const found = w.resumed && w.adapter.find ? await w.adapter.find(w.config, request('open'), w.ctx) : null;
  if (found && !found.ok && found.retryable) return { outcome: found, record: async (trx, now) => (await recordVendorClose(trx, now), null) };
  const outcome = found?.ok && found.ticket ? found : await w.adapter.open(w.config, request('open'), w.ctx);
  if (!outcome.ok) return { outcome, record: async (trx, now) => (await recordVendorClose(trx, now), null) };
  if (!outcome.ticket) return { outcome: { ok: false, retryable: false, error: `${w.adapter.type} answered without a ticket id` } };
  const ticket = outcome.ticket;
  return {
    outcome,
    record: async (trx, now) => {
      await recordVendorClose(trx, now);
      return insertTicket(trx, { checkId: w.checkId, channelId: w.channelId, ref: ticket, now });
    },
  };
}

function subjectAndBody(text: string) {
  const { title, body } = splitTitle(text);
  return { subject: title, body };
}
