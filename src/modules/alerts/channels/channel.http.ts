import { type HttpClient, OutboundRefused } from '../../../shared/http-client.js';
import type { SendOutcome } from './channel.types.js';

/** All a request needs of a channel's (or a personal medium's) context. */
export type HttpContext = { http: HttpClient };

const EXCERPT = 500;

/** Timeouts, rate limits and server errors may pass; other refusals will not. */
export const retryableStatus = (status: number) => status === 408 || status === 425 || status === 429 || status >= 500;

/** Sends one request and reads the answer as an outcome; never throws. */
export async function sendHttp(
  ctx: HttpContext,
  req: { method?: string; url: string; headers?: Record<string, string>; body?: string | Uint8Array },
): Promise<SendOutcome> {
  try {
    const res = await ctx.http.send({ method: req.method ?? 'POST', url: req.url, headers: req.headers, body: req.body });
    const response = res.body.slice(0, EXCERPT);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status, response };
    return { ok: false, retryable: retryableStatus(res.status), status: res.status, error: `HTTP ${res.status}`, response };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    return { ok: false, retryable: !(e instanceof OutboundRefused), error };
  }
}

/** POSTs a JSON document. */
export const postJson = (ctx: HttpContext, url: string, payload: unknown, headers: Record<string, string> = {}) =>
  sendHttp(ctx, { url, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(payload) });

/** The answer's excerpt as a JSON object, or an empty one when it is not JSON (an HTML error page, a cut answer). */
export function answerJson(outcome: SendOutcome): Record<string, any> {
  try {
    const value = JSON.parse(outcome.response ?? '');
    return value && typeof value === 'object' ? value : {};
  } catch {
    return {};
  }
}
