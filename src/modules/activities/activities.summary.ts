import { DateTime } from 'luxon';
import type { Db } from '../../db/database.js';
import { checkWithin, scoped } from '../../db/scope.js';
import type { Scope } from '../../shared/scope.js';

export type DayCounts = { success: number; warning: number; failure: number; overdue: number };

const EMPTY: DayCounts = { success: 0, warning: 0, failure: 0, overdue: 0 };

/** The calendar days (YYYY-MM-DD) of the last `days` days in a zone, oldest first, today last. */
export function lastDays(now: Date, days: number, zone: string): string[] {
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  return Array.from({ length: days }, (_, i) => today.minus({ days: days - 1 - i }).toISODate()!);
}

/**
 * Activities per check per day, counted by status, over the last `days` days of
 * a zone's calendar (the browser's, for the Recent Activity bars).
 */
export async function activitySummary(db: Db, now: Date, days: number, zone: string, scope: Scope, checkIds?: number[]) {
  const dates = lastDays(now, days, zone);
  const from = DateTime.fromISO(dates[0]!, { zone }).toUTC().toISO()!;
  let query = scoped(db.selectFrom('activities'), scope, (groups) => checkWithin(groups, 'activities.check_id'))
    .select(['check_id', 'status', 'received_at'])
    .where('received_at', '>=', from);
  if (checkIds?.length) query = query.where('check_id', 'in', checkIds);
  const index = new Map(dates.map((d, i) => [d, i]));
  const checks = new Map<number, DayCounts[]>();
  for (const row of await query.execute()) {
    const day = index.get(DateTime.fromISO(row.received_at, { zone: 'utc' }).setZone(zone).toISODate()!);
    if (day === undefined) continue;
    let perDay = checks.get(row.check_id);
    if (!perDay) checks.set(row.check_id, (perDay = dates.map(() => ({ ...EMPTY }))));
    perDay[day]![row.status as keyof DayCounts]++;
  }
  return { timezone: zone, days: dates, checks: Object.fromEntries(checks) };
}
