import type { GrantState, GrantStore, SendFailure } from './channel.types.js';

/** What the vendor's token endpoint made of a refresh token. */
export type Refreshed =
  | { ok: true; accessToken: string; refreshToken?: string; expiresIn: number }
  /** The grant is dead (expired, revoked, the password changed): only signing in again helps. */
  | { ok: false; revoked: true; reason: string }
  | SendFailure;

/** A token is renewed this long before it runs out, so it cannot expire on its way to the vendor. */
const EARLY_MS = 60_000;
const ATTEMPTS = 3;

const refusal = (error: string): SendFailure => ({ ok: false, retryable: false, error });

export const reconnectNeeded = (reason: string) => refusal(`reconnect needed: ${reason}`);

function notConnected(state: GrantState, error: string | null): SendFailure {
  if (state === 'reconnect-needed') return reconnectNeeded(error ?? 'the account was signed out');
  return refusal("not connected: connect an account on the channel's page first");
}

/**
 * An access token for the channel's account: the stored one while it lasts, else a
 * refreshed one, saved with the rotated refresh token. `refused` is a token the vendor
 * just turned away, to be replaced even if it looks current. Two refreshes may race
 * (deliveries, nodes): the save is a compare-and-set, and the loser uses the winner's
 * token; a refresh refused because the winner's rotation revoked the old token is
 * not mistaken for a dead grant.
 */
export async function accessToken(
  store: GrantStore | undefined,
  refresh: (refreshToken: string) => Promise<Refreshed>,
  refused?: string,
): Promise<{ ok: true; token: string } | SendFailure> {
  if (!store) return refusal('this channel signs in as an account, which a channel has only once saved and connected');
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const { grant, state, error, stamp } = await store.load();
    if (!grant.refreshToken) return notConnected(state, error);
    const now = store.now().getTime();
    const current = grant.accessToken && grant.accessToken !== refused && Date.parse(grant.accessExpiresAt ?? '') - EARLY_MS > now;
    if (current) return { ok: true, token: grant.accessToken! };
    const got = await refresh(grant.refreshToken);
    if ('revoked' in got) {
      if (await store.revoked(got.reason, stamp)) return reconnectNeeded(got.reason);
      continue;
    }
    if (!got.ok) return got;
    const accessExpiresAt = new Date(now + got.expiresIn * 1000).toISOString();
    if (await store.save({ ...grant, accessToken: got.accessToken, accessExpiresAt, refreshToken: got.refreshToken ?? grant.refreshToken }, stamp)) {
      return { ok: true, token: got.accessToken };
    }
  }
  return { ok: false, retryable: true, error: "the account's grant kept changing while it was being refreshed" };
}
