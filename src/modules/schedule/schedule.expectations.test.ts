import { describe, expect, it } from 'vitest';
import { expectationAfter, expectationAfterReport, outsideArrivalWindow, rearm, resume } from './schedule.expectations.js';
import type { ActiveSchedule, CronSchedule, IntervalSchedule } from './schedule.models.js';

const interval = (s: Partial<IntervalSchedule>): IntervalSchedule => ({ type: 'interval', every: 1, unit: 'days', overdueAfterMinutes: 30, expectFirstReport: false, ...s });
const cron = (s: Partial<CronSchedule>): CronSchedule => ({ type: 'cron', cron: '0 21 * * *', overdueAfterMinutes: 30, expectFirstReport: false, ...s });
const due = (s: ActiveSchedule, after: string, zone = 'UTC') => expectationAfter(s, new Date(after), zone).dueAt.toISOString();

// Europe/Berlin is UTC+1 in winter and UTC+2 in summer; in 2026 the clocks go forward on 29 March
// (02:00 → 03:00) and back on 25 October (03:00 → 02:00). New York: 8 March and 1 November.
const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';

describe('intervals', () => {
  it.each<[string, IntervalSchedule, string, string]>([
    ['30 minutes after the last report', interval({ every: 30, unit: 'minutes' }), '2026-11-20T10:00:00.000Z', '2026-11-20T10:30:00.000Z'],
    ['hours are elapsed time across spring-forward', interval({ every: 6, unit: 'hours', timezone: BERLIN }), '2026-03-28T23:00:00.000Z', '2026-03-29T05:00:00.000Z'],
    ['a day in UTC is 24 hours', interval({}), '2026-03-28T20:00:00.000Z', '2026-03-29T20:00:00.000Z'],
    ['a day keeps 21:00 Berlin across spring-forward (23 hours)', interval({ timezone: BERLIN }), '2026-03-28T20:00:00.000Z', '2026-03-29T19:00:00.000Z'],
    ['a day keeps 21:00 Berlin across fall-back (25 hours)', interval({ timezone: BERLIN }), '2026-10-24T19:00:00.000Z', '2026-10-25T20:00:00.000Z'],
    ['a week keeps Monday 21:00 Berlin across spring-forward', interval({ unit: 'weeks', timezone: BERLIN }), '2026-03-23T20:00:00.000Z', '2026-03-30T19:00:00.000Z'],
    ['a day keeps 21:00 New York across fall-back (25 hours)', interval({ timezone: NEW_YORK }), '2026-11-01T01:00:00.000Z', '2026-11-02T02:00:00.000Z'],
  ])('%s', (_, s, after, expected) => {
    expect(due(s, after)).toBe(expected);
  });

  it('takes the organization zone when the schedule names none', () => {
    expect(due(interval({}), '2026-03-28T20:00:00.000Z', BERLIN)).toBe('2026-03-29T19:00:00.000Z');
  });

  it('puts the deadline overdueAfterMinutes after the expected time', () => {
    const e = expectationAfter(interval({ overdueAfterMinutes: 45 }), new Date('2026-11-20T10:00:00Z'), 'UTC');
    expect(e.deadlineAt.toISOString()).toBe('2026-11-21T10:45:00.000Z');
  });
});

describe('arrival windows', () => {
  // 20:00–23:00 Berlin in June is 18:00–21:00 UTC.
  const evening = (s: Partial<IntervalSchedule> = {}) => interval({ window: { start: '20:00', end: '23:00', timezone: BERLIN }, ...s });
  it.each<[string, IntervalSchedule, string, string]>([
    ['inside the window: unchanged', evening(), '2026-06-01T19:15:00.000Z', '2026-06-02T19:15:00.000Z'],
    ['before the window: moved to that window\'s end', evening(), '2026-06-01T17:30:00.000Z', '2026-06-02T21:00:00.000Z'],
    ['exactly at the window start: inside', evening(), '2026-06-01T18:00:00.000Z', '2026-06-02T18:00:00.000Z'],
    ['exactly at the window end: inside', evening(), '2026-06-01T21:00:00.000Z', '2026-06-02T21:00:00.000Z'],
    ['after the window: the next day\'s window end', evening({ every: 1, unit: 'hours' }), '2026-06-01T20:30:00.000Z', '2026-06-02T21:00:00.000Z'],
    ['hourly inside the window stays hourly', evening({ every: 1, unit: 'hours' }), '2026-06-01T18:10:00.000Z', '2026-06-01T19:10:00.000Z'],
    ['the window\'s zone wins over the schedule\'s', evening({ timezone: 'UTC' }), '2026-06-01T17:30:00.000Z', '2026-06-02T21:00:00.000Z'],
  ])('%s', (_, s, after, expected) => {
    expect(due(s, after)).toBe(expected);
  });

  describe('crossing midnight (22:00–02:00 UTC)', () => {
    const night = interval({ every: 1, unit: 'hours', window: { start: '22:00', end: '02:00' } });
    it.each([
      ['after midnight, still inside the window that began the day before', '2026-06-02T00:30:00.000Z', '2026-06-02T01:30:00.000Z'],
      ['past its end: the end of the next night\'s window', '2026-06-02T01:30:00.000Z', '2026-06-03T02:00:00.000Z'],
      ['in the afternoon: the end of tonight\'s window', '2026-06-02T14:00:00.000Z', '2026-06-03T02:00:00.000Z'],
    ])('%s', (_, after, expected) => {
      expect(due(night, after)).toBe(expected);
    });
  });
});

describe('active days', () => {
  const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'] as IntervalSchedule['activeDays'];
  it.each<[string, IntervalSchedule, string, string]>([
    ['Friday to Monday, same time', interval({ activeDays: weekdays }), '2026-11-20T21:00:00.000Z', '2026-11-23T21:00:00.000Z'],
    ['Monday to Tuesday', interval({ activeDays: weekdays }), '2026-11-23T21:00:00.000Z', '2026-11-24T21:00:00.000Z'],
    ['a report on Saturday anyway: expected Monday', interval({ activeDays: weekdays }), '2026-11-21T09:00:00.000Z', '2026-11-23T09:00:00.000Z'],
    ['with a window: Monday\'s window end', interval({ activeDays: weekdays, window: { start: '20:00', end: '23:00' } }), '2026-11-20T21:00:00.000Z', '2026-11-23T23:00:00.000Z'],
    ['weekends only', interval({ activeDays: ['sat', 'sun'] }), '2026-11-22T08:00:00.000Z', '2026-11-28T08:00:00.000Z'],
    // Friday 22:00 in New York is Saturday 03:00 UTC: the zone decides which day it is.
    ['days are the zone\'s days (New York: Friday → Monday 22:00)', interval({ activeDays: weekdays, timezone: NEW_YORK }), '2026-11-21T03:00:00.000Z', '2026-11-24T03:00:00.000Z'],
    ['days are the zone\'s days (UTC: Saturday → Monday 03:00)', interval({ activeDays: weekdays }), '2026-11-21T03:00:00.000Z', '2026-11-23T03:00:00.000Z'],
  ])('%s', (_, s, after, expected) => {
    expect(due(s, after)).toBe(expected);
  });
});

describe('cron', () => {
  it.each<[string, CronSchedule, string, string[]]>([
    ['weekdays at 21:00 Berlin: Friday, then Monday (after spring-forward)', cron({ cron: '0 21 * * 1-5', timezone: BERLIN }), '2026-03-27T12:00:00.000Z', ['2026-03-27T20:00:00.000Z', '2026-03-30T19:00:00.000Z']],
    ['02:30 Berlin on the spring-forward night runs at 03:00', cron({ cron: '30 2 * * *', timezone: BERLIN }), '2026-03-28T12:00:00.000Z', ['2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z']],
    ['02:30 Berlin on the fall-back night runs once', cron({ cron: '30 2 * * *', timezone: BERLIN }), '2026-10-24T12:00:00.000Z', ['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']],
    ['21:00 New York across spring-forward', cron({ cron: '0 21 * * *', timezone: NEW_YORK }), '2026-03-07T12:00:00.000Z', ['2026-03-08T02:00:00.000Z', '2026-03-09T01:00:00.000Z']],
    ['01:30 New York on the fall-back night runs once', cron({ cron: '30 1 * * *', timezone: NEW_YORK }), '2026-10-31T12:00:00.000Z', ['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']],
    ['02:30 New York on the spring-forward night runs at 03:00', cron({ cron: '30 2 * * *', timezone: NEW_YORK }), '2026-03-07T12:00:00.000Z', ['2026-03-08T07:00:00.000Z', '2026-03-09T06:30:00.000Z']],
  ])('%s', (_, s, after, expected) => {
    const first = due(s, after);
    expect([first, due(s, first)]).toEqual(expected);
  });

  it('a report after a run awaits the next run, not the one it answered', () => {
    const s = cron({ cron: '0 21 * * *', timezone: BERLIN });
    // The 21:00 job reported at 21:40; the next awaited run is tomorrow's.
    expect(due(s, '2026-06-01T19:40:00.000Z')).toBe('2026-06-02T19:00:00.000Z');
  });

  it('takes the organization zone when the schedule names none', () => {
    expect(due(cron({}), '2026-06-01T12:00:00.000Z', BERLIN)).toBe('2026-06-01T19:00:00.000Z');
  });
});

describe('arming', () => {
  const daily = interval({});
  const now = new Date('2026-11-20T12:00:00Z');
  const at = (iso: string) => new Date(iso);

  it('after a report, unless paused or unscheduled', () => {
    expect(expectationAfterReport(daily, false, now, 'UTC')?.dueAt.toISOString()).toBe('2026-11-21T12:00:00.000Z');
    expect(expectationAfterReport(daily, true, now, 'UTC')).toBeNull();
    expect(expectationAfterReport({ type: 'unscheduled' }, false, now, 'UTC')).toBeNull();
  });

  it.each([
    ['no report yet: waits for the first', { lastReportAt: null }, null, false],
    ['no report, first report expected: counted from now', { lastReportAt: null, schedule: interval({ expectFirstReport: true }) }, '2026-11-21T12:00:00.000Z', false],
    ['a recent report: counted from it', { lastReportAt: at('2026-11-20T06:00:00Z') }, '2026-11-21T06:00:00.000Z', false],
    ['a report older than the schedule allows: overdue now, then counted from now', { lastReportAt: at('2026-11-17T06:00:00Z') }, '2026-11-21T12:00:00.000Z', true],
    ['already overdue: not marked again', { lastReportAt: at('2026-11-17T06:00:00Z'), overdue: true }, '2026-11-21T12:00:00.000Z', false],
    ['paused: waits for nothing', { lastReportAt: at('2026-11-20T06:00:00Z'), paused: true }, null, false],
    ['unscheduled: waits for nothing', { lastReportAt: at('2026-11-20T06:00:00Z'), schedule: { type: 'unscheduled' as const } }, null, false],
  ])('a new schedule with %s', (_, over, dueAt, overdueNow) => {
    const r = rearm({ schedule: daily, paused: false, overdue: false, ...over }, now, 'UTC');
    expect(r.expectation?.dueAt.toISOString() ?? null).toBe(dueAt);
    expect(r.overdueNow).toBe(overdueNow);
  });

  it('resuming counts from now, not from the last report', () => {
    const e = resume({ schedule: daily, paused: false, overdue: false, lastReportAt: at('2026-11-01T00:00:00Z') }, now, 'UTC');
    expect(e?.dueAt.toISOString()).toBe('2026-11-21T12:00:00.000Z');
    expect(resume({ schedule: daily, paused: false, overdue: false, lastReportAt: null }, now, 'UTC')).toBeNull();
  });
});

describe('arrival window membership', () => {
  const evening = interval({ window: { start: '20:00', end: '23:00' }, activeDays: ['mon', 'tue', 'wed', 'thu', 'fri'] });
  it.each([
    ['inside, on a weekday', '2026-11-23T21:00:00Z', false],
    ['at the edges', '2026-11-23T20:00:00Z', false],
    ['before it', '2026-11-23T19:59:00Z', true],
    ['after it', '2026-11-23T23:01:00Z', true],
    ['inside the hours, but on Saturday', '2026-11-21T21:00:00Z', true],
  ])('%s', (_, at, outside) => {
    expect(outsideArrivalWindow(evening, new Date(at), 'UTC')).toBe(outside);
  });
  it('without a window nothing is outside it', () => {
    expect(outsideArrivalWindow(interval({}), new Date('2026-11-21T03:00:00Z'), 'UTC')).toBe(false);
    expect(outsideArrivalWindow(cron({}), new Date('2026-11-21T03:00:00Z'), 'UTC')).toBe(false);
  });
});
