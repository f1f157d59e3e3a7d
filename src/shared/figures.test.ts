import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatDuration } from './figures.js';

const KB = 1024;
const MB = KB * 1024;
const GB = MB * 1024;
const TB = GB * 1024;
const PB = TB * 1024;

describe('formatBytes', () => {
  it.each<[number, string]>([
    [0, '0 B'],
    [512, '512 B'],
    [1023, '1023 B'],
    [1024, '1.0 KB'],
    [1536, '1.5 KB'],
    [52.1 * GB, '52.1 GB'],
    [6.8 * GB, '6.8 GB'],
    [3.3 * TB, '3.3 TB'],
    [12.25 * MB, '12.3 MB'],
    [2 * PB, '2.0 PB'],
    [5000 * PB, '5000.0 PB'],
  ])('%d bytes read as %s', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });

  it('moves to the next unit when rounding would show 1024.0', () => {
    expect(formatBytes(MB - 10)).toBe('1.0 MB');
  });
});

describe('formatCount', () => {
  it.each<[number, string]>([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [12345, '12,345'],
    [1234567, '1,234,567'],
    [-12345, '-12,345'],
    [4937.6, '4,938'],
  ])('%d reads as %s', (n, expected) => {
    expect(formatCount(n)).toBe(expected);
  });
});

describe('formatDuration', () => {
  it.each<[number, string]>([
    [0, '0 s'],
    [37, '37 s'],
    [59.4, '59 s'],
    [59.6, '1 min'],
    [12 * 60 + 10, '12 min'],
    [37 * 60, '37 min'],
    [3599, '1 h'],
    [2 * 3600, '2 h'],
    [2 * 3600 + 5 * 60, '2 h 5 min'],
    [23 * 3600 + 59 * 60, '23 h 59 min'],
    [24 * 3600, '1 d'],
    [27 * 3600, '1 d 3 h'],
    [3 * 86400 + 20 * 60, '3 d'],
  ])('%d seconds read as %s', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });
});
