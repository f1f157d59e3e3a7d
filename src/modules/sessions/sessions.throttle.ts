import type { Clock } from '../../shared/clock.js';

const WINDOW_MS = 15 * 60_000;
const PER_PAIR = 5;
const PER_IP = 30;

interface Failures {
  times: number[];
  lockedUntil: number;
}

/**
 * Failed logins and 2FA codes, counted in memory (one process serves the
 * console): five for one username from one address within 15 minutes lock
 * that pair for 15 minutes, thirty from one address lock the address.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, Failures>();
  private lastSweep = 0;

  constructor(private readonly clock: Clock) {}

  /** Seconds until the pair may try again, or 0. */
  retryAfter(username: string, ip: string): number {
    const now = this.clock.now().getTime();
    const until = Math.max(this.failures.get(pairKey(username, ip))?.lockedUntil ?? 0, this.failures.get(ipKey(ip))?.lockedUntil ?? 0);
    return until > now ? Math.ceil((until - now) / 1000) : 0;
  }

  fail(username: string, ip: string): void {
    const now = this.clock.now().getTime();
    this.count(pairKey(username, ip), PER_PAIR, now);
    this.count(ipKey(ip), PER_IP, now);
    if (now - this.lastSweep > WINDOW_MS) this.sweep(now);
  }

  /** A login completed: the pair's earlier mistakes are forgiven (the address's are not). */
  succeed(username: string, ip: string): void {
    this.failures.delete(pairKey(username, ip));
  }

  private count(key: string, limit: number, now: number) {
    const entry = this.failures.get(key) ?? { times: [], lockedUntil: 0 };
    entry.times = entry.times.filter((t) => now - t < WINDOW_MS);
    entry.times.push(now);
    if (entry.times.length >= limit) {
      entry.lockedUntil = now + WINDOW_MS;
      entry.times = [];
    }
    this.failures.set(key, entry);
  }

  private sweep(now: number) {
    this.lastSweep = now;
    for (const [key, entry] of this.failures) {
      if (entry.lockedUntil <= now && entry.times.every((t) => now - t >= WINDOW_MS)) this.failures.delete(key);
    }
  }
}

const pairKey = (username: string, ip: string) => `u:${username.trim().toLowerCase()}\n${ip}`;
const ipKey = (ip: string) => `ip:${ip}`;
