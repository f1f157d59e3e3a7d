import { describe, expect, it } from 'vitest';
import { leadingCometTime, parseCometTime, ZONE_ABBREVIATIONS, zoneOffsetMinutes, timeMemo } from './comet.time.js';

describe('parseCometTime', () => {
  it("reads Go's RFC822 layout as Comet prints it", () => {
    expect(parseCometTime('27 Nov 18 13:55 EST')).toBe('2018-11-27T18:55:00.000Z');
  });

  it.each([
    ['a four-digit year', '27 Nov 2018 13:55 EST'],
    ['a weekday with a comma', 'Tue, 27 Nov 2018 13:55 EST'],
    ['a weekday without a comma', 'Tue 27 Nov 18 13:55 EST'],
    ['a full weekday', 'Tuesday, 27 Nov 18 13:55 EST'],
    ['a full month name', '27 November 18 13:55 EST'],
    ['a lower-case zone and month', '27 nov 18 13:55 est'],
    ['surrounding blanks', '  27 Nov 18 13:55 EST \n'],
    ['a tab between the parts', '27\tNov 18 13:55\tEST'],
  ])('accepts %s', (_, text) => {
    expect(parseCometTime(text)).toBe('2018-11-27T18:55:00.000Z');
  });

  it('keeps seconds when they are written', () => {
    expect(parseCometTime('27 Nov 18 13:55:40 EST')).toBe('2018-11-27T18:55:40.000Z');
  });

  it('accepts a single-digit day', () => {
    expect(parseCometTime('3 Mar 19 09:05 UTC')).toBe('2019-03-03T09:05:00.000Z');
    expect(parseCometTime('03 Mar 19 9:05 UTC')).toBe('2019-03-03T09:05:00.000Z');
  });

  it.each([
    ['CET', '05 Dec 18 09:03 CET', '2018-12-05T08:03:00.000Z'],
    ['CEST', '14 Jul 21 22:30 CEST', '2021-07-14T20:30:00.000Z'],
    ['IST as India', '01 Jan 20 05:30 IST', '2020-01-01T00:00:00.000Z'],
    ['CST as US Central', '01 Jan 20 06:00 CST', '2020-01-01T12:00:00.000Z'],
    ['BST as British Summer Time', '01 Jun 20 13:00 BST', '2020-06-01T12:00:00.000Z'],
    ['NST at half an hour', '01 Jan 20 00:00 NST', '2020-01-01T03:30:00.000Z'],
    ['Z', '01 Jan 20 00:00 Z', '2020-01-01T00:00:00.000Z'],
    ['GMT', '01 Jan 20 00:00 GMT', '2020-01-01T00:00:00.000Z'],
  ])('reads the zone %s', (_, text, iso) => {
    expect(parseCometTime(text)).toBe(iso);
  });

  it.each([
    ['+0530', '01 Jan 20 05:30 +0530', '2020-01-01T00:00:00.000Z'],
    ['-0300', '01 Jan 20 00:00 -0300', '2020-01-01T03:00:00.000Z'],
    ['-03', '01 Jan 20 00:00 -03', '2020-01-01T03:00:00.000Z'],
    ['+05:30', '01 Jan 20 05:30 +05:30', '2020-01-01T00:00:00.000Z'],
    ['+1345', '01 Jan 20 13:45 +1345', '2020-01-01T00:00:00.000Z'],
  ])('reads the numeric offset %s, as Go prints a zone without an abbreviation', (_, text, iso) => {
    expect(parseCometTime(text)).toBe(iso);
  });

  it('crosses the date line when the offset asks', () => {
    expect(parseCometTime('01 Jan 20 00:30 EST')).toBe('2020-01-01T05:30:00.000Z');
    expect(parseCometTime('01 Jan 20 08:00 JST')).toBe('2019-12-31T23:00:00.000Z');
  });

  it('reads two-digit years the way Go does (69–99 are 19xx)', () => {
    expect(parseCometTime('01 Jan 69 00:00 UTC')).toBe('1969-01-01T00:00:00.000Z');
    expect(parseCometTime('31 Dec 68 00:00 UTC')).toBe('2068-12-31T00:00:00.000Z');
  });

  it.each([
    ['no zone', '27 Nov 18 13:55'],
    ['an unknown zone word', '27 Nov 18 13:55 XYZ'],
    ['an offset beyond any zone', '27 Nov 18 13:55 +1600'],
    ['an impossible date', '31 Feb 18 13:55 EST'],
    ['an impossible hour', '27 Nov 18 24:00 EST'],
    ['an impossible minute', '27 Nov 18 13:60 EST'],
    ['an unknown month', '27 Nox 18 13:55 EST'],
    ['a word that is not a weekday', 'Foo, 27 Nov 18 13:55 EST'],
    ['a three-digit year', '27 Nov 018 13:55 EST'],
    ['trailing text', '27 Nov 18 13:55 EST and more'],
    ['an ISO time', '2018-11-27T13:55:00Z'],
    ['empty', ''],
    ['a zone glued to more letters', '27 Nov 18 13:55 ESTX'],
  ])('is null for %s', (_, text) => {
    expect(parseCometTime(text)).toBeNull();
  });

  it('knows every zone in its table, each as a valid offset', () => {
    for (const [zone, offset] of Object.entries(ZONE_ABBREVIATIONS)) {
      expect(offset).toMatch(/^[+-]\d{2}:\d{2}$/);
      expect(parseCometTime(`01 Jan 20 00:00 ${zone}`)).not.toBeNull();
    }
    for (const zone of ['UTC', 'GMT', 'Z', 'EST', 'EDT', 'CST', 'CDT', 'MST', 'MDT', 'PST', 'PDT', 'AKST', 'AKDT', 'HST', 'AST', 'ADT', 'NST', 'NDT', 'WET', 'WEST', 'BST', 'IST', 'CET', 'CEST', 'EET', 'EEST', 'MSK', 'SAST', 'JST', 'KST', 'HKT', 'SGT', 'AWST', 'ACST', 'ACDT', 'AEST', 'AEDT', 'NZST', 'NZDT', 'BRT', 'ART']) {
      expect(ZONE_ABBREVIATIONS).toHaveProperty(zone);
    }
  });

  it('does not read inherited object keys as zones', () => {
    expect(parseCometTime('01 Jan 20 00:00 proto')).toBeNull();
    expect(zoneOffsetMinutes('constructor')).toBeNull();
  });
});

describe('leadingCometTime', () => {
  it('splits a log line into its time and its text', () => {
    expect(leadingCometTime('27 Nov 18 13:55 EST   Starting backup...')).toEqual({ at: '2018-11-27T18:55:00.000Z', rest: 'Starting backup...' });
  });

  it('finds no time in a line that does not start with one', () => {
    expect(leadingCometTime('Starting backup at 27 Nov 18 13:55 EST')).toBeNull();
    expect(leadingCometTime('27 Nov 18 13:55 Job completed.')).toBeNull();
  });

  it('reads only the start of a very long line', () => {
    expect(leadingCometTime(`27 Nov 18 13:55 EST ${'x'.repeat(1_000_000)}`)?.rest.length).toBe(1_000_000);
    expect(leadingCometTime(`27${' '.repeat(1_000_000)}Nov`)).toBeNull();
  });
});

describe('leadingCometTime with a memo', () => {
  it('reads a log the same as without one, lines that repeat a time and lines that only look like they do', () => {
    const lines = [
      '27 Nov 18 13:55 EST Starting backup...',
      '27 Nov 18 13:55 EST Scanning 1 path(s)...',
      '27 Nov 18 13:55 ESTX not a zone',
      '27 Nov 18 13:55 EST',
      '27 Nov 18 13:55:07 EST with seconds',
      '27 Nov 18 13:55 EST\tafter a tab',
      '28 Nov 18 01:00 +0530 another zone',
      '28 Nov 18 01:00 +0530',
      'Duration: 0:03, 0.05 MB/s',
      '27 Nov 18 13:55 EST Job completed.',
    ];
    const memo = timeMemo();
    for (const line of lines) expect(leadingCometTime(line, memo), line).toEqual(leadingCometTime(line));
  });
});
