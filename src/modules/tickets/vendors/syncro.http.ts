import { OutboundRefused } from '../../../shared/http-client.js';
import { retryableStatus } from '../../alerts/channels/channel.http.js';
import type { ChannelContext, SendOutcome } from '../../alerts/channels/channel.types.js';

// Shared by the Syncro, GitHub and GitLab adapters. sendHttp keeps only an excerpt of the answer,
// and these need the whole JSON document (the new ticket's id, the ticket's state).

const EXCERPT = 500;

export type Failure = Extract<SendOutcome, { ok: false }>;
export type JsonAnswer = { ok: true; status: number; json: any } | Failure;

export interface JsonRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Sent as JSON when present. */
  payload?: unknown;
}

/** Sends one request and parses the JSON answer; never throws. */
export async function requestJson(ctx: ChannelContext, req: JsonRequest): Promise<JsonAnswer> {
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  if (req.payload !== undefined) headers['content-type'] = 'application/json';
  try {
    const res = await ctx.http.send({ method: req.method, url: req.url, headers, body: req.payload === undefined ? undefined : JSON.stringify(req.payload) });
    const response = res.body.slice(0, EXCERPT);
    if (res.status < 200 || res.status >= 300) return { ok: false, retryable: retryableStatus(res.status), status: res.status, error: `HTTP ${res.status}`, response };
    try {
      return { ok: true, status: res.status, json: res.body ? JSON.parse(res.body) : null };
    } catch {
      // The request was carried out (a retry could open a second ticket), but its answer was cut or is not JSON.
      return { ok: false, retryable: false, status: res.status, error: `HTTP ${res.status} with an answer that is not JSON (or was cut at the response limit)`, response };
    }
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    return { ok: false, retryable: !(e instanceof OutboundRefused), error };
  }
}

/** A setting the request cannot go without (a customer, a project): waiting will not bring it. */
export const missingSetting = (what: string): Failure => ({ ok: false, retryable: false, error: what });

/** An answer without the field the adapter reads: the vendor's API is not what it documents. */
export const unexpectedAnswer = (status: number, what: string): Failure => ({ ok: false, retryable: false, status, error: `unexpected answer: ${what}` });

export type TicketState = { ok: true; status: number; closed: boolean } | Failure;

/**
 * A note, or the closing note and the close, on a ticket that is still open: a ticket
 * a person closed meanwhile is left alone (`alreadyClosed`). The note comes first, so a
 * close that fails and is retried may repeat the note but never loses it.
 */
export async function unlessClosed(steps: {
  state: () => Promise<TicketState>;
  note: () => Promise<SendOutcome>;
  close?: () => Promise<SendOutcome>;
}): Promise<SendOutcome & { alreadyClosed?: boolean }> {
  const state = await steps.state();
  if (!state.ok) return state;
  if (state.closed) return { ok: true, status: state.status, alreadyClosed: true };
  const noted = await steps.note();
  return noted.ok && steps.close ? steps.close() : noted;
}
