const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;

/** Bytes in 1024-based units, one decimal: `52.1 GB`; below 1 KB as whole bytes: `512 B`. */
export function formatBytes(bytes: number): string {
  if (Math.abs(bytes) < 1024) return `${Math.round(bytes)} B`;
  let value = bytes;
  let unit = 0;
  // Keep dividing while the rounded figure would read 1024.0, so 1023.96 KB shows as 1.0 MB.
  while (unit < BYTE_UNITS.length - 1 && Math.abs(Number(value.toFixed(1))) >= 1024) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

/** A whole number with thousands separators: `12,345`. */
export function formatCount(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A duration at the precision a person reads it: `37 s`, `12 min`, `2 h 5 min`, `1 d 3 h`. */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 24 * 60) {
    const m = minutes % 60;
    return m ? `${Math.floor(minutes / 60)} h ${m} min` : `${minutes / 60} h`;
  }
  const hours = Math.round(s / 3600);
  const h = hours % 24;
  return h ? `${Math.floor(hours / 24)} d ${h} h` : `${hours / 24} d`;
}
