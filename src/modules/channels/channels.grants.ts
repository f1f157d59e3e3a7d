import type { Db } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { SecretBox } from '../../shared/secrets.js';
import type { Grant, GrantStore, StoredGrant } from '../alerts/channels/channel.types.js';
import { clearGrant, compareAndSetGrant, findGrant } from './channels.repository.js';

/**
 * The grant of one channel, sealed with the installation's key. The sealed text
 * is its version: every seal differs (a fresh IV), so comparing it is a
 * compare-and-set that no other write can pass by accident.
 */
export function channelGrants(deps: { db: Db; box: SecretBox; clock: Clock }, channelId: number): GrantStore {
  const { db, box } = deps;
  const seal = (grant: Grant) => box.seal(JSON.stringify(grant));
  return {
    now: () => deps.clock.now(),

    async load(): Promise<StoredGrant> {
      const row = await findGrant(db, channelId);
      if (!row?.grant) return { grant: {}, state: row?.grant_state ?? null, error: row?.grant_error ?? null, stamp: null };
      return { grant: JSON.parse(box.open(row.grant)) as Grant, state: row.grant_state, error: row.grant_error, stamp: row.grant };
    },

    async save(grant, stamp) {
      const connected = grant.refreshToken ? { grant_state: 'connected' as const, grant_error: null } : {};
      const sealed = seal(grant);
      return (await compareAndSetGrant(db, channelId, stamp, { grant: sealed, ...connected })) ? sealed : null;
    },

    revoked(reason, stamp) {
      // Whose account it was, and a sign-in already under way, outlive the dead tokens.
      const { account, pending } = stamp ? (JSON.parse(box.open(stamp)) as Grant) : ({} as Grant);
      return compareAndSetGrant(db, channelId, stamp, { grant: seal({ account, pending }), grant_state: 'reconnect-needed', grant_error: reason });
    },

    forget: () => clearGrant(db, channelId),
  };
}

/** How a channel's connection shows in the API: never a token, only whose account it is, or why it must be connected again. */
export function connectionOf(row: { grant: string | null; grant_state: StoredGrant['state']; grant_error: string | null }, box: SecretBox) {
  const account = row.grant ? ((JSON.parse(box.open(row.grant)) as Grant).account ?? null) : null;
  if (row.grant_state === 'reconnect-needed') return { state: 'reconnect-needed' as const, reason: row.grant_error ?? 'the account was signed out', account };
  if (row.grant_state === 'connected') return { state: 'connected' as const, account };
  return { state: 'not-connected' as const };
}
