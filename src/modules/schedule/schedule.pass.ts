import type { Db } from '../../db/database.js';
import { type AlertingSettings, alertingOf } from '../alerts/alerts.raise.js';
import { markOverdueChecks, type OverdueMark } from './schedule.usecases.js';

/** What an overdue pass did, for the caller to tell (live events, the delivery worker, the log). */
export interface OverdueOutcome {
  marked: number;
  marks: OverdueMark[];
  alertsQueued: boolean;
  errors: { checkId: number | null; error: string; message: string }[];
}

/**
 * One overdue pass as of `now`, as plain data in and out, so that it can run
 * wherever the connection is (the SQLite database thread, or in-process on
 * PostgreSQL).
 */
export async function overduePass(db: Db, alerting: AlertingSettings, now: Date, exclusive?: <T>(batch: () => Promise<T>) => Promise<T>): Promise<OverdueOutcome> {
  const outcome: OverdueOutcome = { marked: 0, marks: [], alertsQueued: false, errors: [] };
  const { marked } = await markOverdueChecks({
    db,
    clock: { now: () => now },
    alerting: alertingOf(alerting, () => (outcome.alertsQueued = true)),
    logger: {
      error: (fields: { err?: Error; checkId?: number }, message?: string) =>
        void outcome.errors.push({ checkId: fields.checkId ?? null, error: fields.err?.message ?? '', message: message ?? '' }),
    } as never,
    marked: (mark) => outcome.marks.push(mark),
    exclusive,
  });
  outcome.marked = marked;
  return outcome;
}
