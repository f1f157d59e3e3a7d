import { OutboundRefused } from '../../../shared/http-client.js';
import { retryableStatus } from '../../alerts/channels/channel.http.js';
import type { ChannelContext, SendOutcome } from '../../alerts/channels/channel.types.js';
import type { TicketOutcome } from '../tickets.types.js';

// What the ticketing adapters share. Unlike sendHttp, which keeps an excerpt, these calls read the
// whole JSON answer (a new ticket's id, a ticket's state).

const EXCERPT = 500;
/** Enough for a ticket fetched with every comment it gathered. */
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

export type Failure = Extract<SendOutcome, { ok: false }>;

/** The vendor's answer as JSON (null when it sent none), or the failure to hand back. */
export type VendorReply = { ok: true; status: number; json: any; headers: Record<string, string | string[] | undefined> } | Failure;

export interface VendorCall {
  /** What the request does, for the error an operator reads ("Jira comment: HTTP 403"). */
  step?: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  /** The body, as JSON… */
  json?: unknown;
  /** …or as a url-encoded form. */
  form?: Record<string, string>;
  maxResponseBytes?: number;
  /** Reads the vendor's own words from an error answer's JSON (Asana's errors[].message, Redmine's errors[]), for the operator. */
  vendorError?: (json: any) => string | undefined;
}

const VENDOR_ERROR_CHARS = 300;

/** " (retry after 30 s)" when the answer (a 429, a 503) says in seconds how long to wait. */
function retryAfter(value: string | string[] | undefined): string {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  return text && /^\d{1,6}$/.test(text) ? ` (retry after ${text} s)` : '';
}

/** The vendor's message from an error answer, cut to a length an operator reads; empty when there is none. */
function vendorMessage(call: VendorCall, body: string): string {
  if (!call.vendorError) return '';
  try {
    const message = call.vendorError(JSON.parse(body))?.replace(/\s+/g, ' ').trim();
    if (!message) return '';
    return `: ${message.length > VENDOR_ERROR_CHARS ? `${message.slice(0, VENDOR_ERROR_CHARS - 1)}…` : message}`;
  } catch {
    return '';
  }
}

/** Sends one request and reads its whole JSON answer; never throws. */
export async function callVendor(ctx: ChannelContext, call: VendorCall): Promise<VendorReply> {
  const headers: Record<string, string> = { accept: 'application/json', ...call.headers };
  let body: string | undefined;
  if (call.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(call.form).toString();
  } else if (call.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(call.json);
  }
  const prefix = call.step ? `${call.step}: ` : '';
  try {
    const maxResponseBytes = call.maxResponseBytes ?? MAX_ANSWER_BYTES;
    const res = await ctx.http.send({ method: call.method, url: call.url, headers, body, maxResponseBytes });
    const response = res.body.slice(0, EXCERPT);
    if (res.status < 200 || res.status >= 300) {
      const error = `${prefix}HTTP ${res.status}${retryAfter(res.headers['retry-after'])}${vendorMessage(call, res.body)}`;
      return { ok: false, retryable: retryableStatus(res.status), status: res.status, error, response };
    }
    try {
      return { ok: true, status: res.status, json: res.body.trim() ? JSON.parse(res.body) : null, headers: res.headers };
    } catch {
      // The vendor may have acted (a retry could open a second ticket), or this is a login page and the URL is wrong.
      return { ok: false, retryable: false, status: res.status, error: `${prefix}the answer is not JSON (or was cut at the response limit)`, response };
    }
  } catch (e) {
    return { ok: false, retryable: !(e instanceof OutboundRefused), error: `${prefix}${e instanceof Error ? e.message : String(e)}` };
  }
}

/** A failure that waiting will not fix: a setting, a check's field, or an answer the vendor's API should not give. */
export const refusal = (error: string, status?: number): Failure => ({ ok: false, retryable: false, error, ...(status ? { status } : {}) });

/** A write's outcome: its status, or why it failed. */
export const outcomeOf = (reply: VendorReply): TicketOutcome => (reply.ok ? { ok: true, status: reply.status } : reply);

/**
 * Whether a fetched ticket is closed, or why that could not be told. `status` is the fetch's,
 * for adapters that report it with `alreadyClosed`.
 */
export type TicketState = { ok: true; closed: boolean; status?: number } | Failure;

/** The state from the answer to fetching a ticket; one the vendor no longer has (404: deleted, merged away) counts as closed. */
export function stateOf(reply: VendorReply, isClosed: (ticket: any) => boolean): TicketState {
  if (!reply.ok) return reply.status === 404 ? { ok: true, closed: true } : reply;
  return { ok: true, closed: isClosed(reply.json ?? {}) };
}

/**
 * Runs the steps (a note, then the close) in turn, stopping at the first that fails, unless the ticket is closed:
 * a ticket a person closed is left alone, and the next problem opens a new one.
 */
export async function unlessClosed(state: Promise<TicketState>, ...steps: (() => Promise<TicketOutcome>)[]): Promise<TicketOutcome> {
  const now = await state;
  if (!now.ok) return now;
  if (now.closed) return { ok: true, ...(now.status ? { status: now.status } : {}), alreadyClosed: true };
  let outcome: TicketOutcome = { ok: true };
  for (const step of steps) {
    outcome = await step();
    if (!outcome.ok) break;
  }
  return outcome;
}

export const basicAuth = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** The base URL as configured, without the trailing slash, so paths can be appended. */
export const baseUrl = (url: string) => url.replace(/\/+$/, '');

/** A vendor's record id: a positive whole number, or null when absent or not one. */
export function recordId(value: string | number | undefined | null): number | null {
  const text = String(value ?? '').trim();
  return /^[1-9]\d{0,15}$/.test(text) ? Number(text) : null;
}

/**
 * The record ids a check's (or group's) ticket fields name, else the integration's defaults.
 * A value given but not an id is refused, naming the field, rather than replaced by the default.
 */
export function recordIds<K extends string>(fields: Record<string, string>, defaults: Partial<Record<K, number>>, keys: readonly K[]): Partial<Record<K, number>> | Failure {
  const ids: Partial<Record<K, number>> = {};
  for (const key of keys) {
    const given = fields[key]?.trim();
    const id = given ? recordId(given) : defaults[key];
    if (given && !id) return refusal(`${key} must be a number, not "${given}"`);
    if (id) ids[key] = id;
  }
  return ids;
}
