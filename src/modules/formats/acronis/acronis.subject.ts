import type { JobStatus } from '../../../shared/status.js';

/**
 * `BACKUP FAILED (group: A > X)(backup account: a)(machine: M)(plan: P)`: the
 * Cyber Protect Cloud alert subject, as quoted in public parsers. The parts come
 * in any order and any subset; values may hold brackets of their own
 * ("plan: Bobs Backup (14/04/26)", "group: Gecko IT (#0191292) > Client").
 */
export interface AcronisSubject {
  /** The words after BACKUP, as written ("SUCCEEDED WITH WARNINGS"). */
  result: string;
  status: JobStatus | null;
  /** Parts by lower-case key: group, backup account, machine, resource, plan. */
  parts: Map<string, string>;
  /** A part whose closing bracket is missing (a cut subject). */
  unclosed: string | null;
}

export const PART_KEYS = ['group', 'backup account', 'machine', 'resource', 'plan'] as const;

const MAX_SUBJECT = 2_000;
const MAX_KEY = 30;
const FORWARD = /^(?:fwd?|re|aw|wg|tr|sv|vs|rv)\s?:\s*/i;

const RESULTS = new Map<string, JobStatus>([
  ['succeeded', 'success'],
  ['succeeded with warnings', 'warning'],
  ['failed', 'failure'],
]);

/** The subject without the "FW:" / "RE:" / "AW:" a forward or reply put before it. */
export function unforwarded(subject: string): string {
  let s = subject.trim();
  for (let i = 0; i < 5; i++) {
    const m = FORWARD.exec(s);
    if (!m) break;
    s = s.slice(m[0].length);
  }
  return s;
}

/** Reads "(key: value)" parts from `at` on, brackets inside values balanced. */
function readParts(text: string, at: number): { parts: Map<string, string>; unclosed: string | null } {
  const parts = new Map<string, string>();
  let i = at;
  while (i < text.length) {
    const open = text.indexOf('(', i);
    if (open < 0) break;
    const near = text.slice(open + 1, open + 2 + MAX_KEY).indexOf(':');
    const colon = near < 0 ? -1 : open + 1 + near;
    const key = colon < 0 ? '' : text.slice(open + 1, colon).trim().toLowerCase();
    if (colon < 0 || key.length === 0 || key.length > MAX_KEY || !/^[a-z ]+$/.test(key)) {
      i = open + 1;
      continue;
    }
    let depth = 1;
    let j = colon + 1;
    for (; j < text.length && depth > 0; j++) {
      if (text[j] === '(') depth++;
      else if (text[j] === ')') depth--;
    }
    if (depth > 0) return { parts, unclosed: key };
    const value = text.slice(colon + 1, j - 1).trim();
    if (value && !parts.has(key)) parts.set(key, value);
    i = j;
  }
  return { parts, unclosed: null };
}

/** The subject read; null when it is no "BACKUP <RESULT> (key: value)" subject. */
export function readSubject(subject: string): AcronisSubject | null {
  const s = unforwarded(subject.slice(0, MAX_SUBJECT)).replace(/\s+/g, ' ');
  if (!/^BACKUP /i.test(s)) return null;
  const open = s.indexOf('(');
  if (open < 0) return null;
  const result = s.slice('BACKUP '.length, open).trim();
  if (!/^[a-z ]{1,60}$/i.test(result)) return null;
  const { parts, unclosed } = readParts(s, open);
  if (!PART_KEYS.some((k) => parts.has(k)) && !(unclosed && (PART_KEYS as readonly string[]).includes(unclosed))) return null;
  return { result, status: RESULTS.get(result.toLowerCase()) ?? null, parts, unclosed };
}

/** "Partner (#0191292) > Customer" → "Customer": the last step of a group path. */
export const lastGroup = (path: string): string => path.slice(path.lastIndexOf('>') + 1).trim() || path.trim();
