import { DateTime } from 'luxon';
import { parseTime, zonedTime } from '../formats.units.js';

/**
 * Veeam prints the session's date once, long (`Tuesday, November 3, 2026
 * 10:00:03 PM`; vee-mail `Tuesday, 03 November 2026 22:00:03`), and the start
 * and end as times of day, the end marked `(+1)` when it fell on a later day.
 */

export interface Day {
  year: number;
  month: number;
  day: number;
}

const LONG_DATES = ['EEEE, MMMM d, yyyy', 'EEEE, d MMMM yyyy', 'EEEE, d. MMMM yyyy', 'd MMMM yyyy', 'MMMM d, yyyy', 'M/d/yyyy', 'd.M.yyyy', 'yyyy-MM-dd'];
const TRAILING_TIME = /\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?$/;

/** vee-mail writes the date with `date`, so in the system's language. */
const LOCALES = ['en-US', 'de-DE', 'fr-FR', 'it-IT', 'es-ES', 'nl-NL'];

/** The day of the session's long date; null when it is none of the forms above. */
export function sessionDay(text: string): Day | null {
  if (text.length > 100 || !/\d{4}/.test(text)) return null;
  const date = text.trim().replace(TRAILING_TIME, '');
  for (const locale of LOCALES) {
    for (const format of LONG_DATES) {
      const t = DateTime.fromFormat(date, format, { locale });
      if (t.isValid) return { year: t.year, month: t.month, day: t.day };
    }
  }
  return null;
}

/** The day an instant falls on in a zone. */
export function dayOf(iso: string, zone: string): Day | null {
  const t = DateTime.fromISO(iso, { zone });
  return t.isValid ? { year: t.year, month: t.month, day: t.day } : null;
}

export function plusDays(day: Day, days: number): Day {
  const t = DateTime.fromObject(day, { zone: 'UTC' }).plus({ days });
  return { year: t.year, month: t.month, day: t.day };
}

export interface TimeOfDay {
  hour: number;
  minute: number;
  second: number;
  /** The `(+1)` Veeam writes after an end time on the next day. */
  laterDays: number;
}

const CLOCK = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?\s*(?:\(\+(\d{1,3})\))?$/;

export function timeOfDay(text: string): TimeOfDay | null {
  const match = CLOCK.exec(text.trim());
  if (!match) return null;
  let hour = Number(match[1]);
  const meridiem = match[4]?.toLowerCase();
  if (meridiem && (hour < 1 || hour > 12)) return null;
  if (meridiem === 'pm' && hour < 12) hour += 12;
  if (meridiem === 'am' && hour === 12) hour = 0;
  const minute = Number(match[2]);
  const second = Number(match[3] ?? 0);
  if (hour > 23 || minute > 59 || second > 59) return null;
  return { hour, minute, second, laterDays: Number(match[5] ?? 0) };
}

const FULL_TIMES = ['M/d/yyyy h:mm:ss a', 'M/d/yyyy h:mm a', 'd.M.yyyy H:mm:ss', 'd/M/yyyy H:mm:ss', 'yyyy-MM-dd H:mm:ss', 'EEEE, MMMM d, yyyy h:mm:ss a', 'EEEE, d MMMM yyyy H:mm:ss'];

/** A date and time in one (a grid cell some versions fill so, an agent's `%CompletionTime%`), as UTC. */
export function fullTime(text: string, zone: string): string | null {
  // Every form above has a year and a time of day: a cell without both is none (and luxon's parser is slow to say so).
  if (text.length > 60 || !/\d{4}/.test(text) || !/\d:\d\d/.test(text)) return null;
  for (const format of FULL_TIMES) {
    const at = parseTime(text, format, zone);
    if (at) return at;
  }
  return null;
}

/** A time of day on a day, in a zone, as UTC. */
export const atDay = (day: Day, time: TimeOfDay, zone: string) =>
  zonedTime({ ...plusDays(day, time.laterDays), hour: time.hour, minute: time.minute, second: time.second }, zone);
