import type { JobStatus } from '../../../shared/status.js';

export type PbsKind = 'verify' | 'gc' | 'sync' | 'prune' | 'tape';

/** What a Proxmox Backup Server subject says: the kind of job, the datastore and how it went. */
export interface PbsSubject {
  kind: PbsKind;
  /** The datastore; for a sync the subject names the source store instead (`remoteStore`). */
  store: string | null;
  remote: string | null;
  remoteStore: string | null;
  /** A tape backup job's id. */
  id: string | null;
  /** `successful` or `failed`, as written. */
  outcomeText: string;
  outcome: JobStatus | null;
}

type Fields = Pick<PbsSubject, 'store' | 'remote' | 'remoteStore' | 'id'>;
const NONE: Fields = { store: null, remote: null, remoteStore: null, id: null };

// Datastore, remote and job names hold no quotes (PBS allows letters, digits, `_`, `-`, `.`).
const NAME = "'([^']{1,128})'";
const OUTCOME = ' (\\S{1,32})$';
const PATTERNS: { kind: PbsKind; pattern: RegExp; fields: (m: RegExpExecArray) => Fields }[] = [
  { kind: 'verify', pattern: new RegExp(`^Verify Datastore ${NAME}${OUTCOME}`), fields: (m) => ({ ...NONE, store: m[1]! }) },
  { kind: 'gc', pattern: new RegExp(`^Garbage Collect Datastore ${NAME}${OUTCOME}`), fields: (m) => ({ ...NONE, store: m[1]! }) },
  { kind: 'sync', pattern: new RegExp(`^Sync remote ${NAME} datastore ${NAME}${OUTCOME}`), fields: (m) => ({ ...NONE, remote: m[1]!, remoteStore: m[2]! }) },
  { kind: 'sync', pattern: new RegExp(`^Sync local datastore ${NAME}${OUTCOME}`), fields: (m) => ({ ...NONE, remoteStore: m[1]! }) },
  { kind: 'prune', pattern: new RegExp(`^Pruning datastore ${NAME}${OUTCOME}`), fields: (m) => ({ ...NONE, store: m[1]! }) },
  { kind: 'tape', pattern: new RegExp(`^Tape Backup ${NAME} datastore ${NAME}${OUTCOME}`), fields: (m) => ({ ...NONE, id: m[1]!, store: m[2]! }) },
  { kind: 'tape', pattern: new RegExp(`^Tape Backup datastore ${NAME}${OUTCOME}`), fields: (m) => ({ ...NONE, store: m[1]! }) },
];

const OUTCOMES = new Map<string, JobStatus>([
  ['successful', 'success'],
  ['failed', 'failure'],
]);

const MAX_SUBJECT = 600;

export function readPbsSubject(subject: string): PbsSubject | null {
  const text = subject.trim();
  if (text.length > MAX_SUBJECT) return null;
  for (const { kind, pattern, fields } of PATTERNS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const outcomeText = match[match.length - 1]!;
    return { kind, ...fields(match), outcomeText, outcome: OUTCOMES.get(outcomeText.toLowerCase()) ?? null };
  }
  return null;
}
