import type { Db } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { TimedLoop } from '../../shared/timed-loop.js';
import { applyActivityToCheck, insertActivity } from '../activities/activities.repository.js';
import { type Alerting, raiseAlerts } from '../alerts/alerts.raise.js';
import { loadAlertContext } from '../alerts/alerts.repository.js';
import { rpoBreach, rpoDaysOf } from './jobs.rpo.models.js';
import type { JobSettings } from './jobs.settings.js';

const EVERY = 5 * 60_000;
/** Statuses that already say something is wrong are left alone: the RPO adds its reason to each failure as it comes. */
const QUIET = ['success', 'pending', 'warning'];

export interface RpoMark {
  checkId: number;
  activityId: number;
  at: string;
}

/**
 * The checks whose last success (or, without one, their creation) is older
 * than their RPO, and that nothing else flags (no failure or overdue mark
 * stands): each gets one warning mark per stretch without success, with the
 * reason, and whatever alert that calls for. Reports need not come for this:
 * silence past the RPO is what it is about. The mark is a compare-and-set on
 * the stretch, so two nodes never both make it.
 */
export async function markRpoBreaches(deps: { db: Db; alerting: Alerting; settings: () => JobSettings; clock: Clock }): Promise<RpoMark[]> {
  const org = deps.settings();
  const now = deps.clock.now();
  const rows = await deps.db
    .selectFrom('checks')
    .leftJoin('check_groups', 'check_groups.id', 'checks.group_id')
    .select(['checks.id', 'checks.last_success_at', 'checks.created_at', 'checks.rpo_warned_for', 'checks.job_settings', 'check_groups.job_settings as group_job_settings'])
    .where('checks.paused', '=', 0)
    .where('checks.status', 'in', QUIET)
    .execute();
  const marks: RpoMark[] = [];
  for (const row of rows) {
    const days = rpoDaysOf(org, [JSON.parse(row.group_job_settings ?? '{}'), JSON.parse(row.job_settings)]);
    const since = row.last_success_at ?? row.created_at;
    const at = now.toISOString();
    const reason = days === null || row.rpo_warned_for === since ? null : rpoBreach(days, { lastSuccessAt: row.last_success_at, createdAt: row.created_at }, at);
    if (!reason) continue;
    const mark = await deps.db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('checks')
        .set({ rpo_warned_for: since })
        .where('id', '=', row.id)
        .where('status', 'in', QUIET)
        .where((eb) => eb.or([eb('rpo_warned_for', 'is', null), eb('rpo_warned_for', '!=', since)]))
        .where((eb) => (row.last_success_at === null ? eb('last_success_at', 'is', null) : eb('last_success_at', '=', row.last_success_at)))
        .executeTakeFirst();
      if (claimed.numUpdatedRows === 0n) return null;
      const before = await loadAlertContext(trx, row.id);
      const evaluation = { matchedBy: 'rpo', statusSource: 'rpo', matchedRules: [], reasons: [reason] };
      const activityId = await insertActivity(trx, { checkId: row.id, messageId: null, status: 'warning', receivedAt: at, subject: '', evaluation, createdAt: at });
      if ((await applyActivityToCheck(trx, row.id, 'warning', at)) && before) {
        await raiseAlerts(trx, deps.alerting, before, {
          checkId: row.id,
          activityId,
          messageId: null,
          status: 'warning',
          at,
          subject: '',
          matchedRules: [],
          statusSource: 'rpo',
          reasons: [reason],
          text: '',
          expectedAt: null,
          now: at,
        });
      }
      return { checkId: row.id, activityId, at };
    });
    if (mark) marks.push(mark);
  }
  return marks;
}

/** The RPO sweep every five minutes; `marked` hears of each mark (the live stream). */
export function rpoLoop(deps: Parameters<typeof markRpoBreaches>[0] & { logger: Logger; marked: (mark: RpoMark) => void }) {
  const sweep = async () => {
    try {
      for (const mark of await markRpoBreaches(deps)) deps.marked(mark);
    } catch (err) {
      deps.logger.error({ err }, 'the RPO sweep failed; trying again in five minutes');
    }
  };
  return new TimedLoop(sweep, async () => new Date(deps.clock.now().getTime() + EVERY), () => deps.clock.now(), EVERY);
}
