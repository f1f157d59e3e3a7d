import { sql } from 'kysely';
import type { Logger } from '../shared/logger.js';
import { TimedLoop } from '../shared/timed-loop.js';
import type { Db } from './database.js';

const EVERY_MS = 5_000;

/**
 * Keeps the planner's statistics current where autovacuum does not (it can be
 * turned off, and it wakes only every minute). A fresh installation's tables
 * grow from nothing in minutes; with the statistics of an empty table PostgreSQL
 * plans a check's history as a scan of every Comet job, and each report costs
 * more than the last. Tables analyzed recently, or changed little since, are
 * left to autovacuum.
 */
export function statisticsLoop(db: Db, logger: Pick<Logger, 'info' | 'warn'>): TimedLoop {
  const pass = async () => {
    try {
      const { rows } = await sql<{ table: string }>`
        select relname as "table" from pg_stat_user_tables
        where schemaname = current_schema()
          and n_mod_since_analyze > 100 + 0.2 * greatest(n_live_tup, 0)
          and coalesce(greatest(last_analyze, last_autoanalyze), 'epoch') < now() - interval '5 seconds'`.execute(db);
      for (const { table } of rows) await sql`analyze ${sql.id(table)}`.execute(db);
      if (rows.length) logger.info({ tables: rows.map((r) => r.table) }, 'planner statistics refreshed');
    } catch (err) {
      logger.warn({ err }, 'refreshing planner statistics failed; trying again later');
    }
  };
  return new TimedLoop(pass, async () => new Date(Date.now() + EVERY_MS), () => new Date(), EVERY_MS);
}
