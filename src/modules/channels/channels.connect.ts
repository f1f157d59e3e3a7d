import crypto from 'node:crypto';
import { AppError } from '../../shared/errors.js';
import type { Grant, GrantStore, SendFailure } from '../alerts/channels/channel.types.js';
import { signsIn } from './channels.registry.js';
import { type ChannelDeps, channelForSending } from './channels.usecases.js';

// Connecting a channel to an account with the device authorization grant (RFC 8628):
// start (a code to enter at the vendor's page), poll until the person signs in, or forget.

/** RFC 8628 §3.5: after slow_down, every later poll waits this much longer. */
const SLOW_DOWN_SECONDS = 5;
const ATTEMPTS = 3;

async function signInFlow(deps: ChannelDeps, id: number) {
  const { adapter, config, grant } = await channelForSending(deps, id);
  if (!signsIn(adapter)) throw new AppError('channel.no_sign_in', `a ${adapter.type} channel does not sign in to an account`, 409);
  return { adapter, config, store: grant, ctx: { http: deps.http, templates: deps.templates, idempotencyKey: crypto.randomUUID(), grant } };
}

/** The vendor refused (the app registration, the tenant) or could not be reached. */
const vendorError = (f: SendFailure) =>
  f.retryable ? new AppError('channel.vendor_unavailable', f.error, 503) : new AppError('channel.sign_in_refused', f.error, 422);

/** Changes the stored grant, reading it again as often as another writer got there first. */
async function update(store: GrantStore, change: (grant: Grant) => Grant): Promise<void> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const { grant, stamp } = await store.load();
    if (await store.save(change(grant), stamp)) return;
  }
  throw new AppError('conflict', "the channel's account changed meanwhile; try again", 409);
}

const withoutPending = ({ pending: _, ...grant }: Grant): Grant => grant;

const at = (from: Date, seconds: number) => new Date(from.getTime() + seconds * 1000).toISOString();

/** Starts a sign-in; a connected account keeps working until the new one is connected. */
export async function startConnect(deps: ChannelDeps, id: number) {
  const { adapter, config, store, ctx } = await signInFlow(deps, id);
  const started = await adapter.startDeviceCode(config, ctx);
  if (!started.ok) throw vendorError(started);
  const now = deps.clock.now();
  const pending = { deviceCode: started.deviceCode, expiresAt: at(now, started.expiresIn), interval: started.interval, nextPollAt: at(now, started.interval) };
  await update(store, (grant) => ({ ...grant, pending }));
  return { userCode: started.userCode, verificationUri: started.verificationUri, expiresAt: pending.expiresAt, interval: started.interval, message: started.message };
}

export type ConnectState = { state: 'pending' | 'declined' | 'expired' } | { state: 'connected'; account?: string };

/**
 * Asks the vendor once whether the person has signed in, if the interval has passed since
 * the last time; the poll is claimed first, so consoles polling together ask once.
 */
export async function pollConnect(deps: ChannelDeps, id: number): Promise<ConnectState> {
  const { adapter, config, store, ctx } = await signInFlow(deps, id);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const { grant, state, stamp } = await store.load();
    const { pending } = grant;
    if (!pending) {
      if (state === 'connected') return { state: 'connected', ...(grant.account ? { account: grant.account } : {}) };
      throw new AppError('channel.sign_in_not_started', 'no sign-in is under way: start one with POST /channels/{id}/connect', 409);
    }
    const now = deps.clock.now();
    if (now.toISOString() >= pending.expiresAt) {
      await store.save(withoutPending(grant), stamp);
      return { state: 'expired' };
    }
    if (now.toISOString() < pending.nextPollAt) return { state: 'pending' };
    const claimed = { ...grant, pending: { ...pending, nextPollAt: at(now, pending.interval) } };
    const claim = await store.save(claimed, stamp);
    if (!claim) continue;

    const polled = await adapter.pollDeviceCode(config, pending.deviceCode, ctx);
    if (!('state' in polled)) {
      if (!polled.retryable) await store.save(withoutPending(claimed), claim);
      throw vendorError(polled);
    }
    if (polled.state === 'pending') {
      if (polled.slowDown) {
        const interval = pending.interval + SLOW_DOWN_SECONDS;
        await store.save({ ...claimed, pending: { ...pending, interval, nextPollAt: at(now, interval) } }, claim);
      }
      return { state: 'pending' };
    }
    if (polled.state !== 'connected') {
      await store.save(withoutPending(claimed), claim);
      return { state: polled.state };
    }
    // The code is spent: the new grant replaces whatever happened to the stored one meanwhile.
    const connected: Grant = { refreshToken: polled.refreshToken, accessToken: polled.accessToken, accessExpiresAt: at(now, polled.expiresIn), account: polled.account };
    await update(store, () => connected);
    return { state: 'connected', account: polled.account };
  }
  return { state: 'pending' };
}

/** Forgets the account: deliveries fail as not connected until someone connects again. */
export async function forgetConnect(deps: ChannelDeps, id: number): Promise<void> {
  const { store } = await signInFlow(deps, id);
  await store.forget();
}
