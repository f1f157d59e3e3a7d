import { DateTime } from 'luxon';

const UNIT_POWERS = new Map<string, number>([
  ['b', 0], ['byte', 0], ['bytes', 0],
  ['k', 1], ['kb', 1], ['kib', 1],
  ['m', 2], ['mb', 2], ['mib', 2],
  ['g', 3], ['gb', 3], ['gib', 3],
  ['t', 4], ['tb', 4], ['tib', 4],
  ['p', 5], ['pb', 5], ['pib', 5],
]);

// 1,234.5 GB · 14.4 GB · 14,4 GB (a decimal comma) · 512 B; at most 64 characters are looked at.
const SIZE = /^(\d{1,3}(?:[,' ]\d{3})+|\d+)(?:[.,](\d+))?\s*([a-z]+)$/i;

/**
 * "14.4 GB" → bytes. `base` is what KB, MB… mean in this product (1000 or
 * 1024); KiB, MiB… are always 1024-based. Null when the text is not a size.
 */
export function parseSize(text: string, base: 1000 | 1024 = 1024): number | null {
  if (typeof text !== 'string' || text.length > 64) return null;
  const match = SIZE.exec(text.trim());
  if (!match) return null;
  const unit = match[3]!.toLowerCase();
  const power = UNIT_POWERS.get(unit);
  if (power === undefined) return null;
  const factor = unit.endsWith('ib') ? 1024 : base;
  const value = Number(`${match[1]!.replace(/[,' ]/g, '')}.${match[2] ?? '0'}`);
  const bytes = Math.round(value * factor ** power);
  return Number.isFinite(bytes) ? bytes : null;
}

const CLOCK = /^(?:(\d+)[.:](?=\d{1,2}:\d{2}:\d{2}))?(\d+):(\d{2})(?::(\d{2}))?(?:\.(\d+))?$/;
const PARTS = /(\d+(?:\.\d+)?)\s*(d|days?|h|hrs?|hours?|m|mins?|minutes?|s|secs?|seconds?)\b/gi;
const PART_SECONDS: Record<string, number> = { d: 86_400, h: 3_600, m: 60, s: 1 };

/**
 * A duration as products print it, in seconds: `00:01:23`, `1:02:03`, `12:34`
 * (minutes and seconds), `1.02:03:04` (.NET days), `00:00:00.1900598`,
 * `1h 2m 3s`, `2 min 5 sec`, `3.5 s`. Null when it is none of these.
 */
export function parseDuration(text: string): number | null {
  if (typeof text !== 'string' || text.length > 64) return null;
  const t = text.trim();
  const clock = CLOCK.exec(t);
  if (clock) {
    const [, days, a, b, c, fraction] = clock;
    const seconds = c === undefined ? Number(a) * 60 + Number(b) : Number(a) * 3600 + Number(b) * 60 + Number(c);
    return Number(days ?? 0) * 86_400 + seconds + (fraction ? Number(`0.${fraction}`) : 0);
  }
  let total = 0;
  let matched = '';
  for (const m of t.matchAll(PARTS)) {
    total += Number(m[1]) * PART_SECONDS[m[2]!.toLowerCase()[0]!]!;
    matched += m[0];
  }
  // Every non-space character must belong to a part, so "3 files" is no duration.
  return matched && matched.replace(/\s/g, '').length === t.replace(/[\s,]/g, '').length ? total : null;
}

/**
 * A wall-clock time in a zone (a report's "2024-05-01 21:00:03" with no zone)
 * as an ISO-8601 UTC instant; null when the fields make no time.
 */
export function zonedTime(fields: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number }, zone: string): string | null {
  const t = DateTime.fromObject({ hour: 0, minute: 0, second: 0, ...fields }, { zone });
  return t.isValid ? t.toUTC().toISO({ suppressMilliseconds: true }) : null;
}

/**
 * A time read with a luxon format (`yyyy-MM-dd HH:mm:ss`, `M/d/yyyy h:mm:ss a`)
 * in the given zone, unless the text carries its own offset; null when it does not fit.
 */
const STAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

export function parseTime(text: string, format: string, zone: string): string | null {
  if (typeof text !== 'string' || text.length > 100) return null;
  // The log stamp every line of some reports carries, read without luxon's format parser (a tenth of the cost).
  if (format === 'yyyy-MM-dd HH:mm:ss') {
    const m = STAMP.exec(text.trim());
    return m ? zonedTime({ year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]! }, zone) : null;
  }
  const t = DateTime.fromFormat(text.trim(), format, { zone, locale: 'en-US', setZone: false });
  return t.isValid ? t.toUTC().toISO({ suppressMilliseconds: true }) : null;
}

/** Seconds between two ISO instants, when both are known and in order. */
export function secondsBetween(startedAt: string | null, stoppedAt: string | null): number | null {
  if (!startedAt || !stoppedAt) return null;
  const s = (Date.parse(stoppedAt) - Date.parse(startedAt)) / 1000;
  return Number.isFinite(s) && s >= 0 ? s : null;
}

/** A whole number as printed ("1,234", "1 234", "1.234" with thousands dots is not read); null otherwise. */
export function parseCount(text: string): number | null {
  if (typeof text !== 'string' || text.length > 32) return null;
  const t = text.trim().replace(/(?<=\d)[, '](?=\d{3}\b)/g, '');
  return /^\d+$/.test(t) ? Number(t) : null;
}
