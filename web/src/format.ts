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

/** Bytes and durations as the server words them in reasons (1024-based sizes: 512 B, 168.6 KB, 52.1 GB; 2 h 5 min). */
export { formatBytes as formatSize, formatDuration } from '../../src/shared/figures.js';

const counts = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
export const formatCount = (n: number) => counts.format(n);

