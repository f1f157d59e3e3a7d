import type { Db } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';

const WINDOW_MS = 15 * 60_000;
const PER_PAIR = 5;
const PER_IP = 30;

/**
 * Failed logins and 2FA codes, counted in the database so that the limits hold
 * whichever node a request reaches: five for one username from one address
 * within 15 minutes lock that pair for 15 minutes, thirty from one address lock
 * the address.
 */
export class LoginThrottle {
  private lastSweep = 0;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Seconds until the pair may try again, or 0. */
  async retryAfter(username: string, ip: string): Promise<number> {
    const now = this.clock.now().getTime();
    const locks = await this.db.selectFrom('login_locks').select('until').where('key', 'in', [pairKey(username, ip), ipKey(ip)]).execute();
    const until = Math.max(0, ...locks.map((l) => Date.parse(l.until)));
    return until > now ? Math.ceil((until - now) / 1000) : 0;
  }

  async fail(username: string, ip: string): Promise<void> {
    const now = this.clock.now();
    await this.count(pairKey(username, ip), PER_PAIR, now);
    await this.count(ipKey(ip), PER_IP, now);
    if (now.getTime() - this.lastSweep > WINDOW_MS) await this.sweep(now);
  }

  /** A login completed: the pair's earlier mistakes are forgiven (the address's are not). */
  async succeed(username: string, ip: string): Promise<void> {
    await this.db.deleteFrom('login_failures').where('key', '=', pairKey(username, ip)).execute();
  }

  private async count(key: string, limit: number, now: Date) {
    const at = now.toISOString();
    const since = new Date(now.getTime() - WINDOW_MS).toISOString();
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('login_failures').values({ key, at }).execute();
      const { n } = await trx.selectFrom('login_failures').select((eb) => eb.fn.countAll<number>().as('n')).where('key', '=', key).where('at', '>', since).executeTakeFirstOrThrow();
      if (Number(n) < limit) return;
      const until = new Date(now.getTime() + WINDOW_MS).toISOString();
      await trx
        .insertInto('login_locks')
        .values({ key, until })
        .onConflict((oc) => oc.column('key').doUpdateSet({ until }))
        .execute();
      await trx.deleteFrom('login_failures').where('key', '=', key).execute();
    });
  }

  private async sweep(now: Date) {
    this.lastSweep = now.getTime();
    const at = now.toISOString();
    await this.db.deleteFrom('login_failures').where('at', '<=', new Date(now.getTime() - WINDOW_MS).toISOString()).execute();
    await this.db.deleteFrom('login_locks').where('until', '<=', at).execute();
  }
}

const pairKey = (username: string, ip: string) => `u:${username.trim().toLowerCase()}\n${ip}`;
const ipKey = (ip: string) => `ip:${ip}`;
