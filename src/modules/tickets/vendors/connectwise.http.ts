import { OutboundRefused } from '../../../shared/http-client.js';
import { retryableStatus } from '../../alerts/channels/channel.http.js';
import type { ChannelContext, SendOutcome } from '../../alerts/channels/channel.types.js';
import type { TicketOutcome } from '../tickets.types.js';

// Shared by the ConnectWise, Autotask and HaloPSA adapters: they read whole JSON answers
// (the new ticket's id, the ticket's status), which sendHttp cuts to an excerpt.

const EXCERPT = 500;

export type Refusal = Extract<SendOutcome, { ok: false }>;
export type JsonReply = { ok: true; status: number; json: any } | Refusal;

/** Sends one request (with `json`, or `form` fields, as the body) and parses the answer; never throws. */
export async function sendJson(
  ctx: ChannelContext,
  req: { method: string; url: string; headers: Record<string, string>; json?: unknown; form?: Record<string, string> },
): Promise<JsonReply> {
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  let body: string | undefined;
  if (req.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(req.form).toString();
  } else if (req.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(req.json);
  }
  try {
    const res = await ctx.http.send({ method: req.method, url: req.url, headers, body });
    const response = res.body.slice(0, EXCERPT);
    if (res.status < 200 || res.status >= 300) return { ok: false, retryable: retryableStatus(res.status), status: res.status, error: `HTTP ${res.status}`, response };
    try {
      return { ok: true, status: res.status, json: res.body ? JSON.parse(res.body) : null };
    } catch {
      // Done on the vendor's side, so a retry could open a second ticket.
      return { ok: false, retryable: false, status: res.status, error: 'the answer is not JSON (or was cut at the response limit)', response };
    }
  } catch (e) {
    return { ok: false, retryable: !(e instanceof OutboundRefused), error: e instanceof Error ? e.message : String(e) };
  }
}

/** A write's outcome: its status, or why it failed. */
export const outcomeOf = (reply: JsonReply): TicketOutcome => (reply.ok ? { ok: true, status: reply.status } : reply);

/** Writes to a ticket only while it is open: one closed (or deleted) answers `alreadyClosed`, and a failed look is the outcome. */
export async function whileOpen(state: Promise<'open' | 'closed' | Refusal>, write: () => Promise<TicketOutcome>): Promise<TicketOutcome> {
  const now = await state;
  if (now === 'closed') return { ok: true, alreadyClosed: true };
  return now === 'open' ? write() : now;
}

/** A setting that waiting will not bring (a customer, a queue, an id that is not a number). */
export const refused = (error: string, status?: number): Refusal => ({ ok: false, retryable: false, error, ...(status ? { status } : {}) });

/** A vendor's record id from a check's field or a setting: a positive whole number, or null when absent or not one. */
export function recordId(value: string | number | undefined | null): number | null {
  const text = String(value ?? '').trim();
  return /^[1-9]\d{0,15}$/.test(text) ? Number(text) : null;
}

/**
 * The check's (or group's) value for `key`, else the channel's default. A value given
 * but not a record id is refused rather than silently replaced by the default.
 */
export function chosenId(fields: Record<string, string>, key: string, fallback: number | undefined): { id: number | null } | Refusal {
  const given = fields[key]?.trim();
  if (!given) return { id: fallback ?? null };
  const id = recordId(given);
  return id === null ? refused(`${key} "${given}" is not a record id (a positive number)`) : { id };
}

/** The site's base URL without the trailing slash, so paths can be appended. */
export const base = (url: string) => url.replace(/\/+$/, '');
