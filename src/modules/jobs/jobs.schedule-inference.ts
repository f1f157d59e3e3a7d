import { DateTime } from 'luxon';
import type { ArrivalWindow, IntervalSchedule, ScheduleUnit, Weekday } from '../schedule/schedule.models.js';
import { WEEKDAYS } from '../schedule/schedule.models.js';

export interface ScheduleSuggestion {
  schedule: IntervalSchedule;
  /** How many distinct arrivals the suggestion was read from. */
  basedOn: number;
  reason: string;
}

interface Candidate {
  every: number;
  unit: ScheduleUnit;
  minutes: number;
}

const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;
const MIN_ARRIVALS = 3;
const TOLERANCE = 0.2;
const MAX_WINDOW_SPREAD_MINUTES = 6 * 60;

const CANDIDATES: Candidate[] = [
  ...[5, 10, 15, 20, 30].map((every) => ({ every, unit: 'minutes' as const, minutes: every })),
  ...[1, 2, 3, 4, 6, 8, 12].map((every) => ({ every, unit: 'hours' as const, minutes: every * 60 })),
  ...[1, 2, 3, 4, 5, 6].map((every) => ({ every, unit: 'days' as const, minutes: every * DAY_MINUTES })),
  ...[1, 2, 4].map((every) => ({ every, unit: 'weeks' as const, minutes: every * 7 * DAY_MINUTES })),
];

const isCalendar = (unit: ScheduleUnit) => unit === 'days' || unit === 'weeks';

interface Arrival {
  local: DateTime;
  /** Minutes on the local wall clock, so a 21:00 → 21:00 day is 24 h even when daylight saving makes it 25. */
  wall: number;
  /** Minutes since midnight, local. */
  timeOfDay: number;
}

function distinctArrivals(arrivals: Date[], timezone: string): Arrival[] {
  const sorted = arrivals.map((d) => d.getTime()).filter(Number.isFinite).sort((a, b) => a - b);
  const kept: number[] = [];
  for (const at of sorted) if (kept.length === 0 || at - kept[kept.length - 1]! >= MINUTE_MS) kept.push(at);
  return kept.map((at) => {
    const local = DateTime.fromMillis(at, { zone: timezone });
    return { local, wall: at / MINUTE_MS + local.offset, timeOfDay: local.hour * 60 + local.minute + local.second / 60 };
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const gapsOf = (values: number[]) => values.slice(1).map((v, i) => v - values[i]!);

function nearestCandidate(elapsedMedian: number, wallMedian: number): Candidate | null {
  let best: { candidate: Candidate; off: number } | null = null;
  for (const candidate of CANDIDATES) {
    const observed = isCalendar(candidate.unit) ? wallMedian : elapsedMedian;
    const off = Math.abs(observed - candidate.minutes) / candidate.minutes;
    if (!best || off < best.off) best = { candidate, off };
  }
  return best && best.off <= TOLERANCE ? best.candidate : null;
}

interface Spread {
  earliest: number;
  latest: number;
}

/** The shortest arc of the clock holding every time of day: what is left after its largest empty stretch. */
function circularSpread(times: number[]): Spread & { minutes: number } {
  const sorted = [...times].sort((a, b) => a - b);
  let widest = { gap: sorted[0]! + DAY_MINUTES - sorted[sorted.length - 1]!, after: sorted.length - 1 };
  for (let i = 0; i < sorted.length - 1; i++) {
    const gap = sorted[i + 1]! - sorted[i]!;
    if (gap > widest.gap) widest = { gap, after: i };
  }
  return { earliest: sorted[(widest.after + 1) % sorted.length]!, latest: sorted[widest.after]!, minutes: DAY_MINUTES - widest.gap };
}

const clock = (minutes: number) => {
  const m = ((Math.floor(minutes) % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

function arrivalWindow(spread: Spread): ArrivalWindow {
  return { start: clock(Math.floor(spread.earliest / 15) * 15 - 30), end: clock(Math.ceil(spread.latest / 15) * 15 + 60) };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The weekdays reports came on, a report after midnight in a window that crosses it counting for the day the window starts. */
function weekdaysSeen(arrivals: Arrival[], window: ArrivalWindow | undefined): Weekday[] {
  const start = window ? toMinutes(window.start) : 0;
  const crosses = window !== undefined && toMinutes(window.end) < start;
  const seen = new Set(arrivals.map((a) => (crosses && a.timeOfDay < start ? a.local.minus({ days: 1 }) : a.local).weekday));
  return WEEKDAYS.filter((_, i) => seen.has(i + 1));
}

/** The gap expected after a report: the interval, or with active days the steps to the next active day. */
function expectedGap(after: DateTime, candidate: Candidate, activeDays: Weekday[] | undefined): number {
  if (!activeDays) return candidate.minutes;
  let days = 1;
  while (!activeDays.includes(WEEKDAYS[after.plus({ days }).weekday - 1]!)) days++;
  return days * DAY_MINUTES;
}

function overdueAfter(candidate: Candidate, arrivals: Arrival[], window: ArrivalWindow | undefined, activeDays: Weekday[] | undefined): number {
  if (!isCalendar(candidate.unit)) return Math.max(10, Math.ceil((candidate.minutes * 0.25) / 5) * 5);
  if (window) return 60;
  const deviation = Math.max(...arrivals.slice(1).map((a, i) => Math.abs(a.wall - arrivals[i]!.wall - expectedGap(arrivals[i]!.local, candidate, activeDays))));
  return Math.min(360, Math.max(30, Math.ceil((2 * deviation) / 15) * 15));
}

function formatGap(minutes: number): string {
  const total = Math.round(minutes);
  const [d, h, m] = total < 48 * 60 ? [0, Math.floor(total / 60), total % 60] : [Math.floor(total / DAY_MINUTES), Math.floor(total / 60) % 24, total % 60];
  const parts = [d && `${d} d`, h && `${h} h`, m && `${m} min`].filter(Boolean);
  return parts.length ? parts.join(' ') : '0 min';
}

const UNIT_WORDS: Record<ScheduleUnit, string> = { minutes: 'minute', hours: 'hour', days: 'day', weeks: 'week' };

/**
 * A schedule for an unscheduled check, read from when its jobs started: the
 * median gap rounded to a sensible interval, and for days and weeks the
 * arrival window. Null with too few arrivals or when they are irregular.
 */
export function suggestSchedule(arrivals: Date[], timezone: string): ScheduleSuggestion | null {
  if (!DateTime.fromMillis(0, { zone: timezone }).isValid) throw new RangeError(`Unknown time zone: ${timezone}`);
  const distinct = distinctArrivals(arrivals, timezone);
  if (distinct.length < MIN_ARRIVALS) return null;

  const elapsedMedian = median(gapsOf(distinct.map((a) => a.local.toMillis() / MINUTE_MS)));
  const wallMedian = median(gapsOf(distinct.map((a) => a.wall)));
  const candidate = nearestCandidate(elapsedMedian, wallMedian);
  if (!candidate) return null;
  const calendar = isCalendar(candidate.unit);

  const spread = calendar ? circularSpread(distinct.map((a) => a.timeOfDay)) : null;
  const window = spread && spread.minutes <= MAX_WINDOW_SPREAD_MINUTES ? arrivalWindow(spread) : undefined;

  const first = distinct[0]!.local.startOf('day');
  const last = distinct[distinct.length - 1]!.local.startOf('day');
  const spansWeek = Math.round(last.diff(first, 'days').days) >= 7;
  const seen = candidate.unit === 'days' && candidate.every === 1 && spansWeek ? weekdaysSeen(distinct, window) : WEEKDAYS;
  const activeDays = seen.length < WEEKDAYS.length ? [...seen] : undefined;

  const schedule: IntervalSchedule = {
    type: 'interval',
    every: candidate.every,
    unit: candidate.unit,
    overdueAfterMinutes: overdueAfter(candidate, distinct, window, activeDays),
    ...(window && { window }),
    ...(activeDays && { activeDays }),
    timezone,
    expectFirstReport: false,
  };

  const unit = UNIT_WORDS[candidate.unit] + (candidate.every === 1 ? '' : 's');
  const on = activeDays ? ` on ${activeDays.join(', ')}` : '';
  const gap = formatGap(calendar ? wallMedian : elapsedMedian);
  const times = calendar ? timesOfDay(spread, window, timezone) : '';
  return { schedule, basedOn: distinct.length, reason: `${distinct.length} reports, about every ${candidate.every} ${unit}${on} (median gap ${gap})${times}` };
}

function timesOfDay(spread: Spread | null, window: ArrivalWindow | undefined, timezone: string): string {
  if (!spread || !window) return ', at varying times of day';
  const [earliest, latest] = [clock(spread.earliest), clock(spread.latest)];
  return earliest === latest ? `, at ${earliest} ${timezone}` : `, between ${earliest} and ${latest} ${timezone}`;
}
