import { DateTime } from 'luxon';
import { zonedTime } from '../formats.units.js';

// 26/04/2026 00:02 · 2026-04-26 00:02:13 · 04/26/2026 12:02 AM · 00:02 (a time of day alone)
const DATE_TIME = /^(?:(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})[ ,T]+)?(\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([ap]\.?m\.?))?$/i;

/**
 * A DSM time as the NAS's date format prints it, read in `zone`. Day and
 * month are told apart by a number over 12, else by the language's order;
 * a time of day alone is on the day the mail arrived. Null when it is no time.
 */
export function parseDsmTime(text: string, dayFirst: boolean, zone: string, receivedAt: string): string | null {
  if (text.length > 40) return null;
  const m = DATE_TIME.exec(text.trim());
  if (!m) return null;
  const [, a, b, c, h, min, s, meridiem] = m;
  let hour = Number(h);
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem.toLowerCase().startsWith('p') ? 12 : 0);
  }
  const clock = { hour, minute: Number(min), second: Number(s ?? 0) };
  if (a === undefined) {
    const day = DateTime.fromISO(receivedAt, { zone: 'utc' }).setZone(zone);
    return day.isValid ? zonedTime({ year: day.year, month: day.month, day: day.day, ...clock }, zone) : null;
  }
  if (a.length === 4) return zonedTime({ year: Number(a), month: Number(b), day: Number(c), ...clock }, zone);
  if (c!.length !== 4) return null;
  const [x, y] = [Number(a), Number(b)];
  const first = x > 12 ? true : y > 12 ? false : dayFirst;
  return zonedTime({ year: Number(c), month: first ? y : x, day: first ? x : y, ...clock }, zone);
}
