import type { z } from 'zod';
import type { HttpClient } from '../../../shared/http-client.js';
import type { AlertView } from '../alerts.models.js';
import type { TemplateSet } from '../alerts.templates.js';

/** What one attempt to send came to. A failure that cannot get better by waiting is not retried. */
export type SendOutcome =
  | { ok: true; status?: number; response?: string }
  | { ok: false; retryable: boolean; status?: number; error: string; response?: string };

export type SendFailure = Extract<SendOutcome, { ok: false }>;

export interface ChannelContext {
  http: HttpClient;
  templates: TemplateSet;
  /** Stable for every attempt of one delivery; sent where the service supports it, so a receiver can drop a repeat. */
  idempotencyKey: string;
  /** The account the channel signed in with, for channels that sign in as a person (see DeviceCodeFlow). */
  grant?: GrantStore;
}

/** An OAuth grant a channel holds for the account an administrator signed in with. */
export interface Grant {
  refreshToken?: string;
  accessToken?: string;
  /** When the access token stops working (ISO instant). */
  accessExpiresAt?: string;
  /** Who signed in, as the vendor names them, to show on the channel. */
  account?: string;
  /** A device-code sign-in in progress. */
  pending?: { deviceCode: string; expiresAt: string; interval: number; nextPollAt: string };
}

export type GrantState = 'connected' | 'reconnect-needed' | null;

/** The grant as stored; `stamp` names this version of it, for a compare-and-set. */
export interface StoredGrant {
  grant: Grant;
  state: GrantState;
  /** Why the vendor refused the grant (reconnect-needed). */
  error: string | null;
  stamp: string | null;
}

/**
 * One channel's grant, sealed at rest. Deliveries on several nodes may refresh it at
 * once, and a vendor that rotates refresh tokens may revoke the old one: every write
 * is a compare-and-set on the version read, and the loser reads the winner's grant.
 */
export interface GrantStore {
  now(): Date;
  load(): Promise<StoredGrant>;
  /** Writes `grant` unless the stored one is no longer `stamp`; answers the new stamp, or null (reload). One with a refresh token is connected. */
  save(grant: Grant, stamp: string | null): Promise<string | null>;
  /** The vendor refused the grant for good: its tokens go and the channel needs reconnecting, unless `stamp` changed meanwhile. */
  revoked(reason: string, stamp: string | null): Promise<boolean>;
  forget(): Promise<void>;
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

/** What the vendor answers when a sign-in starts: the code a person enters at `verificationUri`. */
export interface DeviceCodeStart {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  /** Seconds the codes last, and seconds to wait between polls. */
  expiresIn: number;
  interval: number;
  /** The vendor's instructions, in words. */
  message: string;
}

/** One poll of a sign-in: still waiting (`slowDown`: wait longer), refused, run out, or done. */
export type DeviceCodePoll =
  | { state: 'pending'; slowDown?: boolean }
  | { state: 'declined' | 'expired' }
  | { state: 'connected'; refreshToken: string; accessToken: string; expiresIn: number; account: string }
  | SendFailure;

/**
 * A channel that signs in as a person with the OAuth 2.0 device authorization grant
 * (RFC 8628): an administrator enters a code at the vendor's page, and the channel
 * keeps the grant (see GrantStore).
 */
export interface DeviceCodeFlow<C = any> {
  authorization: 'device-code';
  startDeviceCode(config: C, ctx: ChannelContext): Promise<({ ok: true } & DeviceCodeStart) | SendFailure>;
  pollDeviceCode(config: C, deviceCode: string, ctx: ChannelContext): Promise<DeviceCodePoll>;
}
