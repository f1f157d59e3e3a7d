import { OutboundRefused } from '../../../shared/http-client.js';
import { retryableStatus } from '../../alerts/channels/channel.http.js';
import type { ChannelContext, SendOutcome } from '../../alerts/channels/channel.types.js';
import type { TicketOutcome } from '../tickets.types.js';

// Shared by the Jira, Zendesk and Freshdesk adapters: JSON in, JSON out, outcomes classified as sendHttp does.

const EXCERPT = 500;

export type Failure = Extract<SendOutcome, { ok: false }>;

/** A vendor's answer: its JSON (null when it sent none) when the request succeeded, else the failure to hand back. */
export type VendorReply = { ok: true; status: number; json: any } | Failure;

export interface VendorCall {
  /** What the request does, for the error an operator reads ("Jira comment: HTTP 403"). */
  step: string;
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  headers: Record<string, string>;
  json?: unknown;
}

/** Sends one request and reads its JSON answer (all of it, unlike sendHttp's excerpt); never throws. */
export async function callVendor(ctx: ChannelContext, call: VendorCall): Promise<VendorReply> {
  const headers: Record<string, string> = { accept: 'application/json', ...call.headers };
  if (call.json !== undefined) headers['content-type'] = 'application/json';
  try {
    const res = await ctx.http.send({ method: call.method, url: call.url, headers, body: call.json === undefined ? undefined : JSON.stringify(call.json) });
    const response = res.body.slice(0, EXCERPT);
    if (res.status < 200 || res.status >= 300) {
      return { ok: false, retryable: retryableStatus(res.status), status: res.status, error: `${call.step}: HTTP ${res.status}`, response };
    }
    try {
      return { ok: true, status: res.status, json: res.body.trim() ? JSON.parse(res.body) : null };
    } catch {
      // A login page or a proxy's answer: the base URL is wrong, and will stay wrong.
      return { ok: false, retryable: false, status: res.status, error: `${call.step}: the answer is not JSON`, response };
    }
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    return { ok: false, retryable: !(e instanceof OutboundRefused), error: `${call.step}: ${error}` };
  }
}

/** A failure that waiting will not fix: a setting or a check's field the vendor cannot use. */
export const refusal = (error: string): Failure => ({ ok: false, retryable: false, error });

/**
 * From the vendor's answer to fetching a ticket: 'open' when it still takes notes, else what a note or
 * close answers without writing. A ticket the vendor no longer has (404: deleted, merged away) counts as
 * closed, like one a person closed: the next problem opens a new ticket.
 */
export function openOrAnswer(reply: VendorReply, isClosed: (ticket: any) => boolean): 'open' | TicketOutcome {
  if (!reply.ok) return reply.status === 404 ? { ok: true, alreadyClosed: true } : reply;
  return isClosed(reply.json ?? {}) ? { ok: true, alreadyClosed: true } : 'open';
}

export const basicAuth = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** The base URL as configured, without the trailing slash, so paths can be appended. */
export const baseUrl = (url: string) => url.replace(/\/+$/, '');

/**
 * The ids (groupId, companyId…) a check's or group's ticket fields name, as the numbers the vendor wants,
 * else the integration's defaults; a failure names the field that is not a number.
 */
export function numericIds<K extends string>(fields: Record<string, string>, defaults: Partial<Record<K, number>>, keys: readonly K[]): Partial<Record<K, number>> | Failure {
  const ids: Partial<Record<K, number>> = {};
  for (const key of keys) {
    const value = fields[key]?.trim();
    if (value && !/^\d{1,15}$/.test(value)) return refusal(`${key} must be a number, not "${value}"`);
    const id = value ? Number(value) : defaults[key];
    if (id) ids[key] = id;
  }
  return ids;
}
