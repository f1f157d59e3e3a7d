// Comet's units are 1024-based whatever they are called, so KB and KiB mean the same.
const UNIT_POWERS = new Map<string, number>([
  ['b', 0], ['byte', 0], ['bytes', 0],
  ['kb', 1], ['kib', 1],
  ['mb', 2], ['mib', 2],
  ['gb', 3], ['gib', 3],
  ['tb', 4], ['tib', 4],
  ['pb', 5], ['pib', 5],
  ['eb', 6], ['eib', 6],
]);

const SIZE = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*([a-z]+)$/i;

/** Longer than any size Comet writes; anything past it is not a size and is not scanned. */
const MAX_SIZE_TEXT = 64;

/** "168.627 KB" → 172674 bytes; null when the text is not a size. */
export function parseCometSize(text: string): number | null {
  if (typeof text !== 'string' || text.length > MAX_SIZE_TEXT) return null;
  const match = SIZE.exec(text.trim());
  if (!match) return null;
  const power = UNIT_POWERS.get(match[3]!.toLowerCase());
  if (power === undefined) return null;
  const value = Number(`${match[1]!.replaceAll(',', '')}.${match[2] ?? '0'}`);
  const bytes = Math.round(value * 1024 ** power);
  return Number.isFinite(bytes) ? bytes : null;
}
