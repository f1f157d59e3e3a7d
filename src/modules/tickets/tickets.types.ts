import { z } from 'zod';
import type { AlertView } from '../alerts/alerts.models.js';
import type { ChannelContext, DeviceCodeFlow, SendOutcome } from '../alerts/channels/channel.types.js';

/** A ticket in the vendor's system, as we keep it with the check's incident. */
export interface TicketRef {
  /** The vendor's ticket (or issue) id, as a string. */
  id: string;
  /** Where a person opens it, when the vendor gives one. */
  url: string | null;
}

/**
 * What one ticket operation came to. `ticket` is set by a successful open.
 * `alreadyClosed` means a note or close found the ticket closed in the vendor's
 * system (a person closed it): nothing was written, and the next problem opens
 * a new ticket instead of being added to the closed one.
 */
export type TicketOutcome = SendOutcome & { ticket?: TicketRef; alreadyClosed?: boolean };

/** How urgent the ticket is: failures and overdue checks are high, warnings low. */
export type TicketPriority = 'high' | 'low';

export interface TicketRequest {
  /** The event, frozen when it happened (see AlertView). */
  view: AlertView;
  /**
   * For a note or the close: the event that opened the ticket, as it was then, for a
   * vendor that rewrites its first message (Slack marks it recovered); null when unknown.
   */
  opening?: AlertView | null;
  /**
   * Per-customer settings from the check's group, overridden by the check's own
   * (companyId, boardId, queueId, projectKey…: each vendor documents the keys it
   * reads), plus `assetId` from the check.
   */
  fields: Record<string, string>;
  /** From templates/tickets/<open|note|close>.hbs: the first line, and the rest (plain text). */
  subject: string;
  body: string;
  priority: TicketPriority;
}

/**
 * One PSA or issue tracker. Each operation is one unit the outbox retries as a
 * whole, so an operation should be safe to repeat where the vendor allows it.
 * One that signs in as a person declares `authorization: 'device-code'`.
 */
export interface TicketingAdapter<C = any> extends Partial<DeviceCodeFlow<C>> {
  type: string;
  kind: 'ticketing';
  config: z.ZodType<C>;
  secrets: readonly string[];
  /** The `fields` keys this vendor reads from checks and groups, for the README and the API. */
  fields: readonly string[];
  open(config: C, req: TicketRequest, ctx: ChannelContext): Promise<TicketOutcome>;
  /** Adds `req.body` as a note or comment; answers `alreadyClosed` (writing nothing) if the ticket was closed meanwhile. */
  note(config: C, ticket: TicketRef, req: TicketRequest, ctx: ChannelContext): Promise<TicketOutcome>;
  /** Adds `req.body` as the closing note and closes or resolves the ticket. */
  close(config: C, ticket: TicketRef, req: TicketRequest, ctx: ChannelContext): Promise<TicketOutcome>;
  /** A harmless authenticated request that proves the settings work (the channel test). */
  verify(config: C, ctx: ChannelContext): Promise<SendOutcome>;
}

/** Settings every ticketing integration has. */
export const ticketingCommon = z.object({
  /** On recovery, add the closing note and close the ticket (true), or only add the note (false). */
  closeOnRecovery: z.boolean().default(true),
  /** A warning opens a (low-priority) ticket, or only adds a note to a ticket already open. */
  warnings: z.enum(['ticket', 'note']).default('ticket'),
});
