import { describe, expect, it } from 'vitest';
import { parseCometSize } from './comet.sizes.js';

describe('parseCometSize', () => {
  it.each([
    ['168.627 KB', 172_674],
    ['2.002 KB', 2_050],
    ['0 B', 0],
    ['512 bytes', 512],
    ['1 byte', 1],
    ['12 MB', 12 * 1024 ** 2],
    ['1.5 GB', 1.5 * 1024 ** 3],
    ['3.25 TB', 3.25 * 1024 ** 4],
    ['2 PB', 2 * 1024 ** 5],
    ['1 EB', 1024 ** 6],
  ])('reads %j as %d bytes, counting in 1024s', (text, bytes) => {
    expect(parseCometSize(text)).toBe(bytes);
  });

  it.each([
    ['1 KiB', 1024],
    ['1.5 MiB', 1.5 * 1024 ** 2],
    ['2 GiB', 2 * 1024 ** 3],
    ['1 TiB', 1024 ** 4],
  ])('reads the binary spelling %j the same way', (text, bytes) => {
    expect(parseCometSize(text)).toBe(bytes);
  });

  it.each([
    ['10KB', 10_240],
    ['1,024 KB', 1024 * 1024],
    ['1,234,567 B', 1_234_567],
    ['2.5 gb', 2.5 * 1024 ** 3],
    ['7 Kb', 7 * 1024],
    ['  3 MB  ', 3 * 1024 ** 2],
  ])('accepts %j (no space, thousands commas, any case, surrounding blanks)', (text, bytes) => {
    expect(parseCometSize(text)).toBe(bytes);
  });

  it('rounds to whole bytes', () => {
    expect(parseCometSize('0.0001 KB')).toBe(0);
    expect(parseCometSize('1.0005 KB')).toBe(1025);
  });

  it.each(['12 XB', 'abc', '', '   ', '-1 KB', '12', 'KB', '1.2.3 KB', '1,00 KB', '1 K B', '1 KBB', `${'9'.repeat(100)} KB`, '1 constructor'])(
    'is null for %j, which is not a size',
    (text) => {
      expect(parseCometSize(text)).toBeNull();
    },
  );
});
