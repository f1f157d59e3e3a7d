/**
 * UrBackup's subjects (uroni/urbackup_backend urbackupserver/report.lua and
 * alert.lua): `UrBackup: Incremental file  backup of "CLIENT"` + a line break +
 * ` - success` or ` - failed` for a backup; `[UrBackup] CLIENT: No recent file
 * backup` and `[UrBackup] CLIENT: File backup status is OK` for the alerts.
 */

export type BackupKind = 'file' | 'image';

export interface BackupSubject {
  /** `Incremental`, `Full`, `Resumed incremental`, `Resumed full`. */
  mode: string;
  kind: BackupKind;
  client: string;
  /** `success` or `failed`; null when the subject lost it (a broken header line). */
  result: 'success' | 'failed' | null;
}

export interface AlertSubject {
  client: string;
  kind: BackupKind;
  /** True for `No recent … backup`, false for `… backup status is OK`. */
  missing: boolean;
  /** The alert's own words: `No recent file backup`. */
  words: string;
}

const MAX_SUBJECT = 1_000;
const MODES = ['Resumed incremental', 'Resumed full', 'Incremental', 'Full'];
const BACKUP_OF = ' backup of "';

const condense = (text: string) => text.slice(0, MAX_SUBJECT).replace(/\s+/g, ' ').trim();

export function readBackupSubject(subject: string): BackupSubject | null {
  const text = condense(subject);
  if (!text.startsWith('UrBackup: ')) return null;
  const rest = text.slice('UrBackup: '.length);
  const mode = MODES.find((m) => rest.startsWith(`${m} `));
  if (!mode) return null;
  const kindText = rest.slice(mode.length + 1);
  const kind: BackupKind | null = kindText.startsWith('file') ? 'file' : kindText.startsWith('image') ? 'image' : null;
  if (!kind || !kindText.startsWith(`${kind}${BACKUP_OF}`)) return null;
  const quoted = kindText.slice(kind.length + BACKUP_OF.length);
  const close = quoted.lastIndexOf('"');
  if (close <= 0) return null;
  const tail = quoted.slice(close + 1).replace(/[\s-]/g, '').toLowerCase();
  const result = tail === 'success' ? 'success' : tail === 'failed' ? 'failed' : null;
  return { mode, kind, client: quoted.slice(0, close), result };
}

const ALERT_ENDINGS: { ending: string; kind: BackupKind; missing: boolean }[] = [
  { ending: ': No recent file backup', kind: 'file', missing: true },
  { ending: ': No recent image backup', kind: 'image', missing: true },
  { ending: ': File backup status is OK', kind: 'file', missing: false },
  { ending: ': Image backup status is OK', kind: 'image', missing: false },
];

export function readAlertSubject(subject: string): AlertSubject | null {
  const text = condense(subject);
  if (!text.startsWith('[UrBackup]')) return null;
  const rest = text.slice('[UrBackup]'.length).replace(/^\s*\[Important\]/, '').trim();
  for (const { ending, kind, missing } of ALERT_ENDINGS) {
    if (rest.endsWith(ending) && rest.length > ending.length) {
      return { client: rest.slice(0, -ending.length), kind, missing, words: ending.slice(2) };
    }
  }
  return null;
}
