export const SCHEDULE_UNITS = ['minutes', 'hours', 'days', 'weeks'] as const;
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export type ScheduleUnit = (typeof SCHEDULE_UNITS)[number];
export type Weekday = (typeof WEEKDAYS)[number];

/** A daily span of local time ("HH:MM"); an end before the start crosses midnight. */
export interface ArrivalWindow {
  start: string;
  end: string;
  timezone?: string;
}

export interface IntervalSchedule {
  type: 'interval';
  every: number;
  unit: ScheduleUnit;
  overdueAfterMinutes: number;
  window?: ArrivalWindow;
  activeDays?: Weekday[];
  /** For days and weeks, and for active days: the zone whose calendar counts. */
  timezone?: string;
  expectFirstReport: boolean;
}

export interface CronSchedule {
  type: 'cron';
  cron: string;
  timezone?: string;
  overdueAfterMinutes: number;
  expectFirstReport: boolean;
}

export type Schedule = { type: 'unscheduled' } | IntervalSchedule | CronSchedule;
export type ActiveSchedule = IntervalSchedule | CronSchedule;

/** What a check waits for: a report expected at `dueAt`, overdue once `deadlineAt` passes. */
export interface Expectation {
  dueAt: Date;
  deadlineAt: Date;
}

export const isActive = (s: Schedule): s is ActiveSchedule => s.type !== 'unscheduled';

export function expectationAt(schedule: ActiveSchedule, dueAt: Date): Expectation {
  return { dueAt, deadlineAt: new Date(dueAt.getTime() + schedule.overdueAfterMinutes * 60_000) };
}
