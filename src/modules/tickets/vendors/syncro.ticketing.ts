import { z } from 'zod';
import { sendHttp } from '../../alerts/channels/channel.http.js';
import { truncate } from '../../alerts/channels/channel.text.js';
import type { ChannelContext } from '../../alerts/channels/channel.types.js';
import { type TicketingAdapter, type TicketRef, ticketingCommon } from '../tickets.types.js';
import { baseUrl, callVendor, refusal, type TicketState, unlessClosed } from './vendor.http.js';

const syncroId = z.string().regex(/^\d+$/, 'a Syncro id is a number');

const config = ticketingCommon.extend({
  /** The account's address, https://<subdomain>.syncromsp.com. */
  url: z.url({ protocol: /^https?$/ }),
  apiKey: z.string().min(1),
  /** The customer for checks and groups that name none (their `customerId` field wins). */
  customerId: syncroId.optional(),
  /** One of the account's ticket issue types (Admin > Tickets - Preferences); a `problemType` field wins. */
  problemType: z.string().min(1).max(100).default('Other'),
  /** Ticket priorities as the account spells them; an empty one leaves the priority unset. */
  priorities: z.object({ high: z.string().max(50).default('1 High'), low: z.string().max(50).default('3 Low') }).default({ high: '1 High', low: '3 Low' }),
  newStatus: z.string().min(1).default('New'),
  resolvedStatus: z.string().min(1).default('Resolved'),
  /** Statuses in which a person has finished the ticket, besides any that starts with "Resolved". */
  closedStatuses: z.array(z.string().min(1)).default(['Resolved', 'Invoiced']),
});

type SyncroConfig = z.infer<typeof config>;

// Syncro documents no limit; subjects are kept to a database string's 255.
const SUBJECT_MAX = 255;

const base = (c: SyncroConfig) => baseUrl(c.url);
const api = (c: SyncroConfig, path: string) => `${base(c)}/api/v1${path}`;
const auth = (c: SyncroConfig) => ({ authorization: `Bearer ${c.apiKey}` });
const ticketPath = (ticket: TicketRef) => `/tickets/${encodeURIComponent(ticket.id)}`;

// Hidden and not emailed: the customer's contacts hear about backups from the MSP, not from backwatch.
// The subjects are "Update" menu values that leave the ticket's status as it is.
const comment = (subject: 'Issue' | 'Update' | 'Completed', body: string) => ({ subject, body, hidden: true, do_not_email: true });

// Syncro treats a custom status that begins with "Resolved" like "Resolved" itself.
const isClosed = (c: SyncroConfig, status: string) => /^resolved\b/i.test(status) || status === c.resolvedStatus || c.closedStatuses.includes(status);

async function fetchState(c: SyncroConfig, ticket: TicketRef, ctx: ChannelContext): Promise<TicketState> {
  if (!/^\d+$/.test(ticket.id)) return refusal(`"${ticket.id}" is not a Syncro ticket id`);
  const got = await callVendor(ctx, { method: 'GET', url: api(c, ticketPath(ticket)), headers: auth(c) });
  if (!got.ok) return got;
  const status: unknown = got.json?.ticket?.status;
  if (typeof status !== 'string') return refusal('unexpected answer: the ticket has no status', got.status);
  return { ok: true, status: got.status, closed: isClosed(c, status) };
}

const addComment = (c: SyncroConfig, ticket: TicketRef, payload: ReturnType<typeof comment>, ctx: ChannelContext) =>
  sendHttp(ctx, { method: 'POST', url: api(c, `${ticketPath(ticket)}/comment`), headers: { ...auth(c), 'content-type': 'application/json' }, body: JSON.stringify(payload) });

export const syncroTicketing: TicketingAdapter<SyncroConfig> = {
  type: 'syncro',
  kind: 'ticketing',
  config,
  secrets: ['apiKey'],
  fields: ['customerId', 'assetId', 'problemType'],

  async open(c, req, ctx) {
    const customerId = req.fields.customerId || c.customerId;
    if (!customerId) return refusal('no Syncro customer: set customerId on the check, its group or the channel');
    if (!/^\d+$/.test(customerId)) return refusal(`customerId "${customerId}" is not a Syncro customer id`);
    const priority = c.priorities[req.priority];
    // The check's asset is linked only when it is a Syncro asset id; the body names it either way.
    const assetId = req.fields.assetId ?? '';
    const created = await callVendor(ctx, {
      method: 'POST',
      url: api(c, '/tickets'),
      headers: auth(c),
      json: {
        customer_id: Number(customerId),
        subject: truncate(req.subject, SUBJECT_MAX),
        problem_type: req.fields.problemType || c.problemType,
        status: c.newStatus,
        ...(priority ? { priority } : {}),
        ...(/^\d+$/.test(assetId) ? { asset_ids: [Number(assetId)] } : {}),
        comments_attributes: [comment('Issue', req.body)],
      },
    });
    if (!created.ok) return created;
    const id: unknown = created.json?.ticket?.id;
    if (typeof id !== 'number' && typeof id !== 'string') return refusal('unexpected answer: the new ticket has no id', created.status);
    return { ok: true, status: created.status, ticket: { id: String(id), url: `${base(c)}/tickets/${id}` } };
  },

  note: (c, ticket, req, ctx) =>
    unlessClosed(fetchState(c, ticket, ctx), () => addComment(c, ticket, comment('Update', req.body), ctx)),

  close: (c, ticket, req, ctx) =>
    unlessClosed(
      fetchState(c, ticket, ctx),
      () => addComment(c, ticket, comment('Completed', req.body), ctx),
      () => sendHttp(ctx, { method: 'PUT', url: api(c, ticketPath(ticket)), headers: { ...auth(c), 'content-type': 'application/json' }, body: JSON.stringify({ status: c.resolvedStatus }) }),
    ),

  verify: (c, ctx) => sendHttp(ctx, { method: 'GET', url: api(c, '/me'), headers: { ...auth(c), accept: 'application/json' } }),
};
