import { z } from 'zod';
import type { AlertView } from '../alerts/alerts.models.js';
import type { ChannelContext, DeviceCodeFlow, SendOutcome } from '../alerts/channels/channel.types.js';

type Failure = Extract<SendOutcome, { ok: false }>;

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
  /**
   * A mark that never changes for this incident in this channel (`backwatch-incident-<event>-<channel>`).
   * `open` puts it where the vendor can search for it (an external id, a tag, a label, a line of the
   * description), so that `find` can adopt the ticket a create made when its answer was lost.
   */
  marker: string;
}

/** One choice a vendor offers for a setting: what the setting takes (`id`), and what a person reads. */
export interface LookupItem {
  id: string;
  name: string;
  /** Other values a setting may hold for the same item (a ConnectWise company's identifier besides its id). */
  also?: string[];
}

export interface LookupQuery {
  /** Text to look for in the names; null lists everything. */
  search: string | null;
  /** The vendor's next page, as the previous page gave it; null for the first. */
  page: string | null;
  /** For a list that depends on another choice (a board's statuses): that choice's id. */
  parent: string | null;
}

export type LookupPage = { ok: true; items: LookupItem[]; nextPage: string | null } | Failure;

/** A list the vendor keeps per tenant (companies, boards, statuses…), offered instead of typing ids. */
export interface VendorLookup<C = any> {
  /** What one item is, in the vendor's own words, singular and lower case ("service board", "queue"). */
  noun: string;
  /** The channel settings it fills (dotted for nested ones: "priorities.high"); an array setting takes several. */
  config?: readonly string[];
  /** The per-customer ticket fields (of checks and groups) it fills. */
  fields?: readonly string[];
  /** The setting (config key or field) whose choice this list depends on: its value is passed as `parent`. */
  parent?: string;
  list(config: C, query: LookupQuery, ctx: ChannelContext): Promise<LookupPage>;
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
  /**
   * Looks for the ticket an earlier `open` of this incident made (its answer lost), by `req.marker`:
   * answers `ticket` when there is one, `ok` without a ticket when there is none. Absent when the
   * vendor offers no search: a create whose answer was lost may then open a second ticket.
   */
  find?(config: C, req: TicketRequest, ctx: ChannelContext): Promise<TicketOutcome>;
  /** Where `open` puts the marker, in words for the README ("a label", "the external id"). */
  markerIn?: string;
  /** The vendor's lists, by the kind the API names (`companies`, `boards`, `statuses`…). */
  lookups?: Record<string, VendorLookup<C>>;
}

/** Settings every ticketing integration has. */
export const ticketingCommon = z.object({
  /** On recovery, add the closing note and close the ticket (true), or only add the note (false). */
  closeOnRecovery: z.boolean().default(true),
  /** A warning opens a (low-priority) ticket, or only adds a note to a ticket already open. */
  warnings: z.enum(['ticket', 'note']).default('ticket'),
});
