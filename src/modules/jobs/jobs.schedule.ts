import type { Db } from '../../db/database.js';
import { bumpChecksRevision } from '../checks/checks.repository.js';
import { expectationAfterReport } from '../schedule/schedule.expectations.js';
import type { EvaluableCheck } from '../evaluation/evaluation.models.js';
import { setExpectation } from '../schedule/schedule.repository.js';
import { arrivalsOfCheck } from './jobs.repository.js';
import { suggestSchedule } from './jobs.schedule-inference.js';
import type { JobSettings } from './jobs.settings.js';

const ARRIVALS_LOOKED_AT = 50;

/**
 * A discovered check starts unscheduled. Once enough reports have arrived its
 * schedule is suggested from their arrivals, and after more (if the settings
 * allow) applied, so overdue detection starts without anyone touching the
 * check. Only for a check that `infersSchedule` (read in this transaction),
 * so never once someone chose a schedule. Answers whether the schedule was applied.
 */
export async function inferSchedule(
  trx: Db,
  deps: { timezone: string; settings: JobSettings; now: string },
  check: Pick<EvaluableCheck, 'id' | 'paused' | 'infersSchedule'>,
  reportAt: Date,
): Promise<boolean> {
  if (!check.infersSchedule) return false;
  const checkId = check.id;
  const { suggestAfter, applyAfter } = deps.settings.schedule;
  const arrivals = await arrivalsOfCheck(trx, checkId, ARRIVALS_LOOKED_AT);
  if (arrivals.length < suggestAfter) return false;
  const suggestion = suggestSchedule(arrivals, deps.timezone);
  const stored = suggestion && JSON.stringify({ ...suggestion, at: deps.now });
  await trx.updateTable('checks').set({ schedule_suggestion: stored }).where('id', '=', checkId).execute();
  if (!suggestion || applyAfter === null || arrivals.length < applyAfter) return false;
  await trx
    .updateTable('checks')
    .set({ schedule: JSON.stringify(suggestion.schedule), schedule_set_by: 'suggestion', updated_at: deps.now })
    .where('id', '=', checkId)
    .execute();
  await setExpectation(trx, checkId, expectationAfterReport(suggestion.schedule, check.paused, reportAt, deps.timezone));
  await bumpChecksRevision(trx);
  return true;
}
