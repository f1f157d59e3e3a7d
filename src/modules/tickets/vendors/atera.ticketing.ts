import { z } from 'zod';
import { truncate } from '../../alerts/channels/channel.text.js';
import type { ChannelContext } from '../../alerts/channels/channel.types.js';
import { type TicketingAdapter, type TicketRef, type TicketRequest, ticketingCommon } from '../tickets.types.js';
import { htmlText } from './vendor.html.js';
import { baseUrl, callVendor, outcomeOf, recordId, recordIds, refusal, stateOf, unlessClosed } from './vendor.http.js';
import { holdsMarker } from './vendor.marker.js';
import { pageNumber } from '../tickets.lookups.js';

// API v3 as its Swagger document (app.atera.com/swagger/docs/v3) describes it: CreateTicketDTO,
// UpdateTicketDTO, CreateTicketCommentDTO. A ticket is created for an end user (contact), whose
// customer it belongs to: the create takes no customer and no agent or device.

const SUBJECT_CHARS = 255;

const priority = z.enum(['Low', 'Medium', 'High', 'Critical']);
const id = z.number().int().positive();

const config = ticketingCommon.extend({
  apiUrl: z.url({ protocol: /^https?$/ }).default('https://app.atera.com/api/v3'),
  /** Where people open tickets: <webUrl>/new/ticket/<id>. */
  webUrl: z.url({ protocol: /^https?$/ }).default('https://app.atera.com'),
  apiKey: z.string().min(1).max(200),
  /** Atera files internal comments only under an existing technician's id. */
  technicianId: id,
  /** The contact (and so the customer) for checks and groups whose ticket fields name no `endUserId` or `endUserEmail`. */
  endUserId: id.optional(),
  /** Else a contact by email, which Atera creates with these names when it does not know it. */
  endUserEmail: z.email().optional(),
  endUserFirstName: z.string().min(1).max(100).default('Backup'),
  endUserLastName: z.string().min(1).max(100).default('Monitoring'),
  priorities: z.object({ high: priority.default('High'), low: priority.default('Low') }).prefault({}),
  impact: z.enum(['NoImpact', 'SiteDown', 'ServerIssue', 'Minor', 'Major', 'Crisis']).default('Minor'),
  ticketType: z.enum(['Incident', 'Problem', 'Request', 'Change']).default('Incident'),
  newStatus: z.string().min(1).max(100).default('Open'),
  /** TicketStatus is free text in Atera (custom statuses exist): Resolved or Closed, or one of the account's own. */
  closeStatus: z.string().min(1).max(100).default('Resolved'),
  closedStatuses: z.array(z.string().min(1).max(100)).default(['Resolved', 'Closed']),
});

type AteraConfig = z.infer<typeof config>;

function call(c: AteraConfig, ctx: ChannelContext, step: string, method: 'GET' | 'POST' | 'PUT', path: string, json?: unknown) {
  // Atera is an ASP.NET API: its error answers, when they have a body, carry { Message }.
  const vendorError = (j: any) => (typeof j?.Message === 'string' ? j.Message : typeof j?.message === 'string' ? j.message : undefined);
  return callVendor(ctx, { step: `Atera ${step}`, method, url: `${baseUrl(c.apiUrl)}/${path}`, headers: { 'x-api-key': c.apiKey }, json, vendorError });
}

const ticketPath = (ticket: TicketRef, suffix = '') => `tickets/${encodeURIComponent(ticket.id)}${suffix}`;

async function ticketState(c: AteraConfig, ticket: TicketRef, ctx: ChannelContext) {
  if (!recordId(ticket.id)) return refusal(`"${ticket.id}" is not an Atera ticket id`);
  return stateOf(await call(c, ctx, 'ticket', 'GET', ticketPath(ticket)), (t) => c.closedStatuses.includes(t.TicketStatus));
}

const internalComment = (c: AteraConfig, ticket: TicketRef, body: string, ctx: ChannelContext) =>
  call(c, ctx, 'comment', 'POST', ticketPath(ticket, '/comments'), { CommentText: htmlText(body), TechnicianCommentDetails: { TechnicianId: c.technicianId, IsInternal: true } });

/** EndUserID when the check, its group or the channel names one; else the contact by email. */
function endUser(c: AteraConfig, fields: Record<string, string>) {
  const email = fields.endUserEmail?.trim();
  const ids = recordIds(fields, email ? {} : { endUserId: c.endUserId }, ['endUserId']);
  if ('ok' in ids) return ids;
  if (ids.endUserId) return { EndUserID: ids.endUserId };
  const address = email || c.endUserEmail;
  if (!address) return refusal('no Atera contact: set endUserId or endUserEmail on the check, its group or the channel');
  return { EndUserEmail: address, EndUserFirstName: c.endUserFirstName, EndUserLastName: c.endUserLastName };
}

/** The marker as the description's last line: Atera's ticket list shows the description (FirstComment), stripped of markup. */
const withMarker = (description: string, req: TicketRequest) => `${description}<br><br>${req.marker}`;


/** Tickets Atera answers a page at most (Find tickets' itemsInPage). */
const TICKETS_PAGE = 50;
/** Contacts a page (the lists' itemsInPage goes to 500). */
const CONTACTS_PAGE = 100;

/** Atera's paged lists ({ items, page, totalPages }): the next page while there is one. */
const nextOf = (json: any): string | null => {
  const page = Number(json?.page ?? 1);
  return Number.isInteger(page) && page < Number(json?.totalPages ?? 0) ? String(page + 1) : null;
};

export const ateraTicketing: TicketingAdapter<AteraConfig> = {
  type: 'atera',
  kind: 'ticketing',
  config,
  secrets: ['apiKey'],
  fields: ['endUserId', 'endUserEmail'],

  async open(c, req, ctx) {
    const user = endUser(c, req.fields);
    if ('ok' in user) return user;
    const reply = await call(c, ctx, 'create ticket', 'POST', 'tickets', {
      TicketTitle: truncate(req.subject, SUBJECT_CHARS),
      Description: withMarker(htmlText(req.body), req),
      TicketPriority: c.priorities[req.priority],
      TicketImpact: c.impact,
      TicketStatus: c.newStatus,
      TicketType: c.ticketType,
      ...user,
    });
    if (!reply.ok) return reply;
    // The create answers a Result, { ActionID }, which is the new ticket's id.
    const ticketId = recordId(reply.json?.ActionID ?? reply.json?.TicketID);
    if (!ticketId) return refusal('Atera created a ticket without saying its id', reply.status);
    return { ok: true, status: reply.status, ticket: { id: String(ticketId), url: `${baseUrl(c.webUrl)}/new/ticket/${ticketId}` } };
  },

  markerIn: 'the last line of the description',
  /**
   * Atera's Find tickets filters by customer and status only, and documents no order: this reads the first
   * page and the last two (the newest are at one end), 150 tickets at most, for the marker in the description.
   */
  async find(c, req, ctx) {
    const page = (n: number) => call(c, ctx, 'tickets', 'GET', `tickets?page=${n}&itemsInPage=${TICKETS_PAGE}`);
    const first = await page(1);
    if (!first.ok) return first;
    const total = Number(first.json?.totalPages ?? 1);
    const replies = [first];
    for (const n of [total, total - 1]) {
      if (!Number.isInteger(n) || n <= 1 || replies.some((r) => r.ok && Number(r.json?.page) === n)) continue;
      const got = await page(n);
      if (!got.ok) return got;
      replies.push(got);
    }
    for (const got of replies) {
      const items = got.ok && Array.isArray(got.json?.items) ? got.json.items : [];
      const ticket = items.find((t: any) => recordId(t?.TicketID) && (holdsMarker(t.FirstComment, req.marker) || holdsMarker(t.Description, req.marker)));
      if (ticket) return { ok: true, status: first.status, ticket: { id: String(ticket.TicketID), url: `${baseUrl(c.webUrl)}/new/ticket/${ticket.TicketID}` } };
    }
    return { ok: true, status: first.status };
  },

  lookups: {
    contacts: {
      noun: 'contact',
      config: ['endUserId'],
      fields: ['endUserId'],
      async list(c, q, ctx) {
        const page = pageNumber(q);
        // Find Contacts searches whole or partial email addresses (and phone numbers), not names.
        const search = q.search ? `&searchOptions.email=${encodeURIComponent(q.search)}` : '';
        const got = await call(c, ctx, 'contacts', 'GET', `contacts?page=${page}&itemsInPage=${CONTACTS_PAGE}${search}`);
        if (!got.ok) return got;
        const items = (Array.isArray(got.json?.items) ? got.json.items : [])
          .filter((x: any) => recordId(x?.EndUserID) && !x.Archived)
          .map((x: any) => {
            const person = [x.Firstname, x.Lastname].filter((n) => typeof n === 'string' && n).join(' ');
            const who = [person, x.Email ? `<${x.Email}>` : ''].filter(Boolean).join(' ') || String(x.EndUserID);
            return { id: String(x.EndUserID), name: typeof x.CustomerName === 'string' && x.CustomerName ? `${who} (${x.CustomerName})` : who };
          });
        return { ok: true, items, nextPage: nextOf(got.json) };
      },
    },
  },

  note: (c, ticket, req, ctx) => unlessClosed(ticketState(c, ticket, ctx), async () => outcomeOf(await internalComment(c, ticket, req.body, ctx))),

  close: (c, ticket, req, ctx) =>
    unlessClosed(
      ticketState(c, ticket, ctx),
      async () => outcomeOf(await internalComment(c, ticket, req.body, ctx)),
      async () => outcomeOf(await call(c, ctx, 'close', 'PUT', ticketPath(ticket), { TicketStatus: c.closeStatus })),
    ),

  verify: async (c, ctx) => outcomeOf(await call(c, ctx, 'customers', 'GET', 'customers?itemsInPage=1')),
};
