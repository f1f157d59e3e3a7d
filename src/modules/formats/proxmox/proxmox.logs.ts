import { MAX_KEY_LINES, MAX_LOG_LINES, type JobLogLine } from '../formats.models.js';
import { parseTime } from '../formats.units.js';

/** One guest's part of the mail's logs: vzdump prefixes each of its lines with `<vmid>: `. */
export interface GuestLog {
  log: JobLogLine[];
  keyLines: string[];
  errors: number;
  warnings: number;
  startedAt: string | null;
  stoppedAt: string | null;
  /** qemu or lxc, from `Starting Backup of VM 100 (qemu)`. */
  guestType: string | null;
  /** The whole name from `VM Name:` / `CT Name:` (the ≤ 8.0 table cuts names to 20 characters). */
  name: string | null;
}

const GUEST_LINE = /^(\d{1,10}): (.*)$/;
// vzdump's own log lines: `2024-05-01 21:00:03 INFO: …` in the node's local time.
const STAMPED = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) (.*)$/;
const STARTING = /^INFO: Starting Backup of VM \d+ \((\w{1,16})\)/;
const NAME = /^INFO: (?:VM|CT) Name: (\S.{0,254})$/;
const MAX_LINE = 2_000;

function emptyLog(): GuestLog {
  return { log: [], keyLines: [], errors: 0, warnings: 0, startedAt: null, stoppedAt: null, guestType: null, name: null };
}

export function readGuestLogs(lines: string[], from: number, vmids: Set<string>, zone: string): Map<string, GuestLog> {
  const logs = new Map<string, GuestLog>();
  for (let i = from; i < lines.length; i++) {
    const match = GUEST_LINE.exec(lines[i]!.slice(0, MAX_LINE));
    if (!match || !vmids.has(match[1]!)) continue;
    let guest = logs.get(match[1]!);
    if (!guest) logs.set(match[1]!, (guest = emptyLog()));
    addLine(guest, match[2]!, zone);
  }
  return logs;
}

function addLine(guest: GuestLog, line: string, zone: string): void {
  const stamped = STAMPED.exec(line);
  const at = stamped ? parseTime(stamped[1]!, 'yyyy-MM-dd HH:mm:ss', zone) : null;
  const text = stamped ? stamped[2]! : line;
  if (guest.log.length < MAX_LOG_LINES) guest.log.push({ at, text });
  if (at) {
    guest.startedAt ??= at;
    guest.stoppedAt = at;
  }
  const isError = text.startsWith('ERROR:');
  const isWarning = text.startsWith('WARN:');
  if (isError) guest.errors++;
  if (isWarning) guest.warnings++;
  if ((isError || isWarning) && guest.keyLines.length < MAX_KEY_LINES) guest.keyLines.push(text);
  guest.guestType ??= STARTING.exec(text)?.[1] ?? null;
  guest.name ??= NAME.exec(text)?.[1]?.trim() ?? null;
}
