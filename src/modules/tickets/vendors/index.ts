import type { TicketingAdapter } from '../tickets.types.js';

/** Every ticketing system, by the channel type the API uses. */
export const ticketingAdapters = {} satisfies Record<string, TicketingAdapter>;
