/** Times are stored in UTC and shown in the browser's time zone. */
export const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

const dateTime = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
const dateOnly = new Intl.DateTimeFormat(undefined, { weekday: 'short', month: 'short', day: 'numeric' });

export const formatTime = (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : '');

/** A YYYY-MM-DD calendar day, for people ("Tue, Nov 18"). */
export const formatDay = (day: string) => dateOnly.format(new Date(`${day}T12:00:00`));

/** The start and end of a calendar day in the browser's zone, as UTC instants for the API. */
export function dayRange(day: string): { from: string; to: string } {
  const start = new Date(`${day}T00:00:00`);
  const end = new Date(start);
  end.setDate(end.getDate() + 1);
  return { from: start.toISOString(), to: end.toISOString() };
}

export function since(iso: string | null | undefined): string {
  if (!iso) return '';
  const minutes = Math.round((Date.now() - Date.parse(iso)) / 60_000);
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h`;
  return `${Math.round(minutes / 1440)} days`;
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** Bytes for people, 1024-based as Comet counts them: 512 B, 168.6 KB, 52.1 GB. */
export function formatSize(bytes: number): string {
  if (Math.abs(bytes) < 1024) return `${Math.round(bytes)} B`;
  let value = bytes;
  let unit = 0;
  // Divide while the rounded figure would read 1024.0, so 1023.96 KB shows as 1.0 MB.
  while (unit < BYTE_UNITS.length - 1 && Math.abs(Number(value.toFixed(1))) >= 1024) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

const counts = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
export const formatCount = (n: number) => counts.format(n);

/** A duration as a person reads it: 37 s, 12 min, 2 h 5 min, 1 d 3 h. */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 24 * 60) return minutes % 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes / 60} h`;
  const hours = Math.round(s / 3600);
  return hours % 24 ? `${Math.floor(hours / 24)} d ${hours % 24} h` : `${hours / 24} d`;
}
