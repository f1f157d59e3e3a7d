import { DateTime } from 'luxon';
import type { ArrivalWindow, IntervalSchedule, Weekday } from './schedule.models.js';
import { WEEKDAYS } from './schedule.models.js';

const hm = (s: string) => s.split(':').map(Number) as [number, number];

/** `every` after `from`: minutes and hours are elapsed time, days and weeks are calendar steps in the zone (so 21:00 stays 21:00 across a daylight-saving change). */
function addInterval(from: DateTime, s: IntervalSchedule): DateTime {
  return from.plus({ [s.unit]: s.every });
}

function windowBounds(day: DateTime, w: ArrivalWindow): [DateTime, DateTime] {
  const [sh, sm] = hm(w.start);
  const [eh, em] = hm(w.end);
  const start = day.set({ hour: sh, minute: sm, second: 0, millisecond: 0 });
  const endDay = eh * 60 + em <= sh * 60 + sm ? day.plus({ days: 1 }) : day;
  return [start, endDay.set({ hour: eh, minute: em, second: 0, millisecond: 0 })];
}

const isActiveDay = (s: IntervalSchedule, d: DateTime) => !s.activeDays || s.activeDays.includes(WEEKDAYS[d.weekday - 1] as Weekday);

/** Whether a time falls inside the schedule's arrival window on an active day (always, without a window). */
export function insideArrivalWindow(s: IntervalSchedule, at: Date, defaultZone: string): boolean {
  if (!s.window) return true;
  const t = DateTime.fromJSDate(at, { zone: s.window.timezone ?? s.timezone ?? defaultZone });
  for (const day of [t.startOf('day').minus({ days: 1 }), t.startOf('day')]) {
    if (!isActiveDay(s, day)) continue;
    const [start, end] = windowBounds(day, s.window);
    if (t >= start && t <= end) return true;
  }
  return false;
}

/**
 * Moves a candidate time to where reports are expected: inside an arrival window
 * (a time outside it moves to the next window's end) and on an active day (a
 * window belongs to the day it starts on; without a window, an inactive day
 * moves the time to the next active day at the same local time).
 */
function place(candidate: DateTime, s: IntervalSchedule): DateTime {
  const active = (d: DateTime) => isActiveDay(s, d);
  if (!s.window) {
    for (let i = 0; i < 7; i++) {
      const day = candidate.plus({ days: i });
      if (active(day)) return day;
    }
    throw new Error('no active day');
  }
  const first = candidate.startOf('day').minus({ days: 1 });
  for (let i = 0; i < 9; i++) {
    const day = first.plus({ days: i });
    if (!active(day)) continue;
    const [start, end] = windowBounds(day, s.window);
    if (candidate < start) return end;
    if (candidate <= end) return candidate;
  }
  throw new Error('no active day');
}

export function intervalExpectation(s: IntervalSchedule, after: Date, defaultZone: string): Date {
  const zone = s.window?.timezone ?? s.timezone ?? defaultZone;
  const from = DateTime.fromJSDate(after, { zone });
  return place(addInterval(from, s), s).toJSDate();
}
