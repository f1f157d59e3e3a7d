import type { Db } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { TimedLoop } from '../../shared/timed-loop.js';
import { deleteMessagesBefore } from './messages.repository.js';

const HOUR = 3_600_000;

/** Hourly, deletes messages older than the retention setting, in small batches so ingestion is never held up long. */
export function retentionLoop(deps: { db: Db; clock: Clock; logger: Logger; retentionDays: () => number | null }) {
  const sweep = async () => {
    const days = deps.retentionDays();
    if (!days) return;
    const before = new Date(deps.clock.now().getTime() - days * 24 * HOUR).toISOString();
    let deleted = 0;
    try {
      for (let n = -1; n !== 0; deleted += n) {
        n = await deleteMessagesBefore(deps.db, before, 500);
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (deleted) deps.logger.info({ deleted, before }, 'old messages deleted');
    } catch (err) {
      deps.logger.error({ err }, 'retention sweep failed; retrying in an hour');
    }
  };
  return new TimedLoop(sweep, async () => new Date(deps.clock.now().getTime() + HOUR), () => deps.clock.now(), HOUR);
}
