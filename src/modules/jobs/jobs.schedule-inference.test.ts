import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { IntervalSchedule } from '../schedule/schedule.models.js';
import { suggestSchedule } from './jobs.schedule-inference.js';

// Europe/Berlin goes back from summer time on 25 October 2026 (03:00 → 02:00): 21:00 on the 24th to 21:00 on the 25th is 25 hours.
const BERLIN = 'Europe/Berlin';
const UTC = 'UTC';

/** Local times in a zone, written "2026-11-16 20:58". */
const at = (zone: string, ...times: string[]) => times.map((t) => DateTime.fromFormat(t, 'yyyy-MM-dd HH:mm', { zone }).toJSDate());
/** `count` arrivals `stepMinutes` apart from a start, each moved by the matching jitter (minutes, cycled). */
const every = (start: string, stepMinutes: number, count: number, jitter: number[] = [0], zone = UTC) => {
  const first = DateTime.fromFormat(start, 'yyyy-MM-dd HH:mm', { zone });
  return Array.from({ length: count }, (_, i) => first.plus({ minutes: i * stepMinutes + jitter[i % jitter.length]! }).toJSDate());
};
const schedule = (s: Partial<IntervalSchedule>): IntervalSchedule => ({ type: 'interval', every: 1, unit: 'days', overdueAfterMinutes: 60, timezone: BERLIN, expectFirstReport: false, ...s });

/** Monday to Friday from Monday 2 November 2026, at a time of day or at the nth run's time. */
const weekdays = (weeks: number, time: string | ((run: number) => string)) =>
  Array.from({ length: weeks * 5 }, (_, run) => {
    const day = DateTime.fromISO('2026-11-02').plus({ days: Math.floor(run / 5) * 7 + (run % 5) });
    return `${day.toFormat('yyyy-MM-dd')} ${typeof time === 'string' ? time : time(run)}`;
  });

describe('suggested schedules', () => {
  it.each<[string, Date[], string, IntervalSchedule]>([
    [
      'daily at about 21:00 Berlin, with jitter',
      at(BERLIN, '2026-11-16 20:58', '2026-11-17 21:00', '2026-11-18 21:14', '2026-11-19 21:02', '2026-11-20 21:04'),
      BERLIN,
      schedule({ window: { start: '20:15', end: '22:15' } }),
    ],
    [
      'daily at 21:00 Berlin across the change from summer time: still one day',
      at(BERLIN, '2026-10-22 21:02', '2026-10-23 20:59', '2026-10-24 21:01', '2026-10-25 21:00', '2026-10-26 21:05', '2026-10-27 20:57', '2026-10-28 21:03'),
      BERLIN,
      schedule({ window: { start: '20:15', end: '22:15' } }),
    ],
    [
      'three days around the change from summer time, one gap 25 hours in UTC',
      at(BERLIN, '2026-10-24 21:00', '2026-10-25 21:00', '2026-10-26 21:00'),
      BERLIN,
      schedule({ window: { start: '20:30', end: '22:00' } }),
    ],
    [
      'a Monday-to-Friday job over two weeks',
      at(BERLIN, ...weekdays(2, '22:10')),
      BERLIN,
      schedule({ window: { start: '21:30', end: '23:15' }, activeDays: ['mon', 'tue', 'wed', 'thu', 'fri'] }),
    ],
    [
      'every 6 hours',
      every('2026-11-16 00:00', 360, 6, [0, 2, 1, -1, 3, 0]),
      UTC,
      schedule({ every: 6, unit: 'hours', overdueAfterMinutes: 90, timezone: UTC }),
    ],
    [
      'every 30 minutes',
      every('2026-11-16 08:00', 30, 10, [0, 1, 0, 2, -1]),
      UTC,
      schedule({ every: 30, unit: 'minutes', overdueAfterMinutes: 10, timezone: UTC }),
    ],
    ['every 5 minutes: at least 10 minutes late', every('2026-11-16 08:00', 5, 6), UTC, schedule({ every: 5, unit: 'minutes', overdueAfterMinutes: 10, timezone: UTC })],
    ['every hour', every('2026-11-16 08:00', 60, 5, [0, 3, -2]), UTC, schedule({ every: 1, unit: 'hours', overdueAfterMinutes: 15, timezone: UTC })],
    ['every 12 hours', every('2026-11-16 08:00', 720, 4), UTC, schedule({ every: 12, unit: 'hours', overdueAfterMinutes: 180, timezone: UTC })],
    [
      'every 2 days',
      every('2026-11-02 03:00', 2 * 1440, 5, [0, 5, 10], BERLIN),
      BERLIN,
      schedule({ every: 2, window: { start: '02:30', end: '04:15' } }),
    ],
    [
      'weekly on Monday at 03:00 Berlin, across the change from summer time',
      at(BERLIN, '2026-10-12 03:00', '2026-10-19 03:00', '2026-10-26 03:00', '2026-11-02 03:00'),
      BERLIN,
      schedule({ unit: 'weeks', window: { start: '02:30', end: '04:00' } }),
    ],
    [
      'every 4 weeks, across the change to summer time',
      at(BERLIN, '2026-01-05 12:00', '2026-02-02 12:00', '2026-03-02 12:00', '2026-03-30 12:00'),
      BERLIN,
      schedule({ every: 4, unit: 'weeks', window: { start: '11:30', end: '13:00' } }),
    ],
    [
      'daily just before and after midnight: the window crosses it',
      at(BERLIN, '2026-11-16 23:50', '2026-11-18 00:10', '2026-11-18 23:55', '2026-11-20 00:05', '2026-11-20 23:52'),
      BERLIN,
      schedule({ window: { start: '23:15', end: '01:15' } }),
    ],
    [
      'a weekday job around midnight keeps Saturday out when Friday\'s run slips past midnight',
      at(BERLIN, ...weekdays(2, '23:55').map((t, i) => (i === 4 ? '2026-11-07 00:20' : t))),
      BERLIN,
      schedule({ window: { start: '23:15', end: '01:30' }, activeDays: ['mon', 'tue', 'wed', 'thu', 'fri'] }),
    ],
  ])('%s', (_, arrivals, zone, expected) => {
    expect(suggestSchedule(arrivals, zone)?.schedule).toEqual(expected);
  });
});

describe('no suggestion', () => {
  it.each<[string, Date[]]>([
    ['no arrivals', []],
    ['two arrivals', at(UTC, '2026-11-16 21:00', '2026-11-17 21:00')],
    ['three arrivals of which two are one report sent twice', at(UTC, '2026-11-16 21:00', '2026-11-17 21:00', '2026-11-17 21:00')],
    ['gaps around 16 hours, between 12 hours and a day', every('2026-11-16 00:00', 16 * 60, 6, [0, 40, -30, 10])],
    ['gaps around 32 hours, between a day and two', every('2026-11-16 00:00', 32 * 60, 5)],
    ['gaps around 10 days, between one and two weeks', every('2026-11-01 00:00', 10 * 1440, 4)],
    ['gaps of 2 minutes, below the shortest interval', every('2026-11-16 00:00', 2, 10)],
    ['gaps over 6 weeks, past the longest interval', every('2026-01-01 00:00', 45 * 1440, 4)],
    ['gaps all over the place', at(UTC, '2026-11-16 00:00', '2026-11-16 03:00', '2026-11-16 20:00', '2026-11-17 12:00', '2026-11-19 04:00', '2026-11-19 06:00')],
  ])('%s', (_, arrivals) => {
    expect(suggestSchedule(arrivals, UTC)).toBeNull();
  });
});

describe('arrivals', () => {
  it('across the change from summer time are 25 hours apart in UTC, which the tests above rely on', () => {
    const [before, after] = at(BERLIN, '2026-10-24 21:00', '2026-10-25 21:00');
    expect(after!.getTime() - before!.getTime()).toBe(25 * 3_600_000);
  });

  const daily = at(BERLIN, '2026-11-16 20:58', '2026-11-17 21:00', '2026-11-18 21:14', '2026-11-19 21:02', '2026-11-20 21:04');

  it('counts near-duplicates less than a minute apart once', () => {
    const doubled = [...daily, ...daily.map((d) => new Date(d.getTime() + 20_000))];
    const suggestion = suggestSchedule(doubled, BERLIN);
    expect(suggestion?.basedOn).toBe(5);
    expect(suggestion?.schedule).toEqual(suggestSchedule(daily, BERLIN)?.schedule);
  });

  it('reads arrivals in any order', () => {
    expect(suggestSchedule([...daily].reverse(), BERLIN)).toEqual(suggestSchedule(daily, BERLIN));
  });

  it('ignores times that are not dates', () => {
    expect(suggestSchedule([...daily, new Date('not a date')], BERLIN)?.basedOn).toBe(5);
  });

  it('refuses an unknown time zone', () => {
    expect(() => suggestSchedule(daily, 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('active days', () => {
  it('is left out for a daily job seen on every weekday', () => {
    expect(suggestSchedule(every('2026-11-02 21:00', 1440, 10, [0], BERLIN), BERLIN)?.schedule.activeDays).toBeUndefined();
  });

  it('is left out before the arrivals span a week, though weekend days were not seen yet', () => {
    expect(suggestSchedule(at(BERLIN, ...weekdays(1, '21:00')), BERLIN)?.schedule.activeDays).toBeUndefined();
  });

  it('is set once a week has passed', () => {
    const arrivals = at(BERLIN, ...weekdays(1, '21:00'), '2026-11-09 21:00');
    expect(suggestSchedule(arrivals, BERLIN)?.schedule.activeDays).toEqual(['mon', 'tue', 'wed', 'thu', 'fri']);
  });

  it('is only for daily intervals', () => {
    expect(suggestSchedule(every('2026-11-02 03:00', 2 * 1440, 8, [0], BERLIN), BERLIN)?.schedule.activeDays).toBeUndefined();
  });
});

describe('how late is overdue without a window', () => {
  // An hour and 40 minutes later every day: more than 6 hours apart after five days, so no window.
  const drifting = (count: number, minutes: number) => every('2026-11-02 06:00', 1440 + minutes, count, [0], BERLIN);

  it.each<[string, Date[], number]>([
    ['twice the largest deviation, rounded up to 15 minutes', drifting(5, 100), 210],
    ['at least 30 minutes', drifting(41, 10), 30],
    ['at most 6 hours', at(BERLIN, '2026-11-02 08:00', '2026-11-03 08:00', '2026-11-04 14:30', '2026-11-05 14:30', '2026-11-06 08:00'), 360],
    [
      'a weekday job\'s weekend is no deviation',
      // 90 minutes later every run, Friday to Monday included.
      at(BERLIN, ...weekdays(2, (run) => DateTime.fromObject({ hour: 6 }).plus({ minutes: run * 90 }).toFormat('HH:mm'))),
      180,
    ],
  ])('%s', (_, arrivals, minutes) => {
    const s = suggestSchedule(arrivals, BERLIN)?.schedule;
    expect(s?.window).toBeUndefined();
    expect(s?.overdueAfterMinutes).toBe(minutes);
  });
});

describe('reasons', () => {
  it.each<[string, Date[], string, string]>([
    [
      'a daily job with its window',
      at(BERLIN, '2026-11-16 20:58', '2026-11-17 21:00', '2026-11-18 21:14', '2026-11-19 21:02', '2026-11-20 21:04'),
      BERLIN,
      '5 reports, about every 1 day (median gap 24 h 2 min), between 20:58 and 21:14 Europe/Berlin',
    ],
    [
      'the local gap across a daylight-saving change',
      at(BERLIN, '2026-10-24 21:00', '2026-10-25 21:00', '2026-10-26 21:00'),
      BERLIN,
      '3 reports, about every 1 day (median gap 24 h), at 21:00 Europe/Berlin',
    ],
    [
      'a weekday job',
      at(BERLIN, ...weekdays(2, '22:10')),
      BERLIN,
      '10 reports, about every 1 day on mon, tue, wed, thu, fri (median gap 24 h), at 22:10 Europe/Berlin',
    ],
    ['a window across midnight', at(BERLIN, '2026-11-16 23:50', '2026-11-18 00:10', '2026-11-18 23:55'), BERLIN, '3 reports, about every 1 day (median gap 24 h 3 min), between 23:50 and 00:10 Europe/Berlin'],
    ['an hourly job', every('2026-11-16 00:00', 360, 4, [0, 2, 3, 3]), UTC, '4 reports, about every 6 hours (median gap 6 h 1 min)'],
    ['a job every 30 minutes', every('2026-11-16 00:00', 30, 3), UTC, '3 reports, about every 30 minutes (median gap 30 min)'],
    ['a weekly job', every('2026-11-02 03:00', 7 * 1440, 3, [0, 2, 4], BERLIN), BERLIN, '3 reports, about every 1 week (median gap 7 d 2 min), between 03:00 and 03:04 Europe/Berlin'],
    ['a daily job at varying times', every('2026-11-02 06:00', 1540, 5, [0], BERLIN), BERLIN, '5 reports, about every 1 day (median gap 25 h 40 min), at varying times of day'],
  ])('%s', (_, arrivals, zone, reason) => {
    expect(suggestSchedule(arrivals, zone)?.reason).toBe(reason);
  });
});
