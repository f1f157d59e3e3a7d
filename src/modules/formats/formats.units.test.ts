import { describe, expect, it } from 'vitest';
import { parseCount, parseDuration, parseSize, parseTime, secondsBetween, zonedTime } from './formats.units.js';

describe('sizes as products print them', () => {
  it.each([
    ['14.4 GB', 1000, 14_400_000_000],
    ['14.4 GB', 1024, Math.round(14.4 * 1024 ** 3)],
    ['1.720 GiB', 1000, Math.round(1.72 * 1024 ** 3)],
    ['1,234.5 MB', 1000, 1_234_500_000],
    ['14,4 GB', 1000, 14_400_000_000],
    ['512 B', 1024, 512],
    ['0 B', 1024, 0],
    ['12 bytes', 1000, 12],
    ['3.2G', 1024, Math.round(3.2 * 1024 ** 3)],
  ] as const)('%s (base %d)', (text, base, bytes) => expect(parseSize(text, base)).toBe(bytes));

  it.each(['', 'GB', '12 XB', '1.2.3 GB', 'x'.repeat(100)])('"%s" is no size', (text) => expect(parseSize(text)).toBeNull());
});

describe('durations as products print them', () => {
  it.each([
    ['00:01:23', 83],
    ['1:02:03', 3723],
    ['12:34', 754],
    ['1.02:03:04', 93_784],
    ['00:00:00.5', 0.5],
    ['1h 2m 3s', 3723],
    ['2 min 5 sec', 125],
    ['3.5 s', 3.5],
    ['1 day 2 hours', 93_600],
  ] as const)('%s', (text, seconds) => expect(parseDuration(text)).toBeCloseTo(seconds, 5));

  it.each(['', '3 files', 'soon', '12'])('"%s" is no duration', (text) => expect(parseDuration(text)).toBeNull());
});

describe('times without a zone', () => {
  it('are read in the given zone', () => {
    expect(zonedTime({ year: 2024, month: 5, day: 1, hour: 21, minute: 0, second: 3 }, 'Europe/Berlin')).toBe('2024-05-01T19:00:03Z');
    expect(parseTime('2/16/2019 10:23:51 PM', 'M/d/yyyy h:mm:ss a', 'America/New_York')).toBe('2019-02-17T03:23:51Z');
    expect(parseTime('not a time', 'M/d/yyyy h:mm:ss a', 'UTC')).toBeNull();
  });

  it('give durations only in order', () => {
    expect(secondsBetween('2024-05-01T19:00:00Z', '2024-05-01T19:01:30Z')).toBe(90);
    expect(secondsBetween('2024-05-01T19:01:30Z', '2024-05-01T19:00:00Z')).toBeNull();
    expect(secondsBetween(null, '2024-05-01T19:00:00Z')).toBeNull();
  });

  it('counts', () => {
    expect(parseCount('1,234')).toBe(1234);
    expect(parseCount('17')).toBe(17);
    expect(parseCount('1.5')).toBeNull();
  });
});
