import { cronExpectation } from './schedule.cron.js';
import { insideArrivalWindow, intervalExpectation } from './schedule.interval.js';
import { type ActiveSchedule, type Expectation, expectationAt, isActive, type Schedule } from './schedule.models.js';

/** The report awaited after one arrived (or was due) at `after`. */
export function expectationAfter(s: ActiveSchedule, after: Date, zone: string): Expectation {
  const dueAt = s.type === 'cron' ? cronExpectation(s, after, zone) : intervalExpectation(s, after, zone);
  return expectationAt(s, dueAt);
}

/**
 * After a report: the next one awaited, unless the check is paused or unscheduled.
 * Never throws: schedules are validated when saved, and a report must be stored
 * even if its schedule cannot be followed.
 */
export function expectationAfterReport(s: Schedule, paused: boolean, reportAt: Date, zone: string): Expectation | null {
  if (!isActive(s) || paused) return null;
  try {
    return expectationAfter(s, reportAt, zone);
  } catch {
    return null;
  }
}

export interface Rearming {
  expectation: Expectation | null;
  /** The schedule says a report is already missing: the check goes overdue now, once. */
  overdueNow: boolean;
}

export interface CheckTiming {
  schedule: Schedule;
  paused: boolean;
  lastReportAt: Date | null;
  overdue: boolean;
}

/**
 * A check whose schedule (or pause) changed. Counted from its last report; when
 * that expectation has already lapsed, the check is overdue now (once, however
 * many runs the new schedule says were missed before it existed) and the next
 * expectation counts from now. Without any report it waits for the first unless
 * the schedule expects one from the start.
 */
export function rearm(c: CheckTiming, now: Date, zone: string): Rearming {
  const s = c.schedule;
  if (!isActive(s) || c.paused) return { expectation: null, overdueNow: false };
  if (c.lastReportAt) {
    const fromReport = expectationAfter(s, c.lastReportAt, zone);
    if (fromReport.deadlineAt > now) return { expectation: fromReport, overdueNow: false };
    return { expectation: expectationAfter(s, now, zone), overdueNow: !c.overdue };
  }
  return { expectation: s.expectFirstReport ? expectationAfter(s, now, zone) : null, overdueNow: false };
}

/** Resuming a paused check counts from the resume time, as if a report had just come. */
export function resume(c: CheckTiming, now: Date, zone: string): Expectation | null {
  const s = c.schedule;
  if (!isActive(s) || c.paused || (!c.lastReportAt && !s.expectFirstReport)) return null;
  return expectationAfter(s, now, zone);
}

/** For alerts: a report processed outside the schedule's arrival window (only interval schedules have one). */
export function outsideArrivalWindow(s: Schedule, at: Date, zone: string): boolean {
  return s.type === 'interval' && !insideArrivalWindow(s, at, zone);
}
