import type { z } from 'zod';
import type { HttpClient } from '../../../shared/http-client.js';
import type { AlertView } from '../alerts.models.js';
import type { TemplateSet } from '../alerts.templates.js';

/** What one attempt to send came to. A failure that cannot get better by waiting is not retried. */
export type SendOutcome =
  | { ok: true; status?: number; response?: string }
  | { ok: false; retryable: boolean; status?: number; error: string; response?: string };

export interface ChannelContext {
  http: HttpClient;
  templates: TemplateSet;
  /** Stable for every attempt of one delivery; sent where the service supports it, so a receiver can drop a repeat. */
  idempotencyKey: string;
}

/**
 * One notification service. `config` validates what an operator configures
 * (secrets included); the keys in `secrets` are encrypted at rest and never
 * returned whole by the API.
 */
export interface ChannelAdapter<C = any> {
  type: string;
  config: z.ZodType<C>;
  secrets: readonly string[];
  send(config: C, view: AlertView, ctx: ChannelContext): Promise<SendOutcome>;
}
