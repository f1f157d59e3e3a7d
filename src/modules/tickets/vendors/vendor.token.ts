import { createHash } from 'node:crypto';
import type { Failure, VendorReply } from './vendor.http.js';

/** A bearer token and when to stop using it (ms since the epoch). */
export interface BearerToken {
  token: string;
  expiresAt: number;
}

/** Refresh this long before the stated expiry, so a request never carries a token that lapses in flight. */
export const EXPIRY_MARGIN_MS = 60_000;

/**
 * Bearer tokens by what they were issued for (server, user, secret), hashed so the map never holds a secret,
 * and shared by every channel with the same settings.
 */
export class TokenCache {
  private readonly tokens = new Map<string, BearerToken>();

  static key(...parts: string[]): string {
    return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  }

  /**
   * Sends with the cached token, fetching one when there is none or it expired; a 401 (revoked, or expired
   * early) drops it and tries once more with a new one.
   */
  async send(key: string, fetchToken: () => Promise<BearerToken | Failure>, request: (token: string) => Promise<VendorReply>): Promise<VendorReply> {
    for (let attempt = 0; ; attempt++) {
      let cached = this.tokens.get(key);
      if (!cached || cached.expiresAt <= Date.now()) {
        const fetched = await fetchToken();
        if ('ok' in fetched) return fetched;
        this.tokens.set(key, fetched);
        cached = fetched;
      }
      const reply = await request(cached.token);
      if (reply.ok || reply.status !== 401 || attempt > 0) return reply;
      this.tokens.delete(key);
    }
  }
}
