import { statusOfResult } from './duplicati.values.js';

export interface DuplicatiSubject {
  /** `Backup`, from `%OPERATIONNAME%`. */
  operation: string | null;
  /** A ParsedResult word a custom subject carries (`%PARSEDRESULT%`): `Duplicati Backup Error report for X`. */
  result: string | null;
  /** `%backup-name%`. */
  backupName: string | null;
}

const PREFIX = 'Duplicati ';
const REPORT_FOR = ' report for ';
const MAX_SUBJECT = 1_000;
// A forwarded copy keeps the subject behind the mail client's prefix.
const FORWARD = /^(?:(?:fwd?|fw|re|aw|wg|tr)\s{0,3}:\s{0,3}){1,5}/i;

/**
 * The default subject `Duplicati %OPERATIONNAME% report for %backup-name%`, and
 * custom ones that keep its shape with `%PARSEDRESULT%` between (`Duplicati Backup
 * Warning report for Photos`). Null for any other subject.
 */
export function readDuplicatiSubject(subject: string): DuplicatiSubject | null {
  const text = subject.slice(0, MAX_SUBJECT).replace(FORWARD, '').replace(/\s+/g, ' ').trim();
  if (!text.startsWith(PREFIX)) return null;
  const at = text.indexOf(REPORT_FOR);
  if (at < 0) return null;
  const words = text.slice(PREFIX.length, at).split(' ').filter(Boolean);
  if (words.length === 0 || words.length > 3) return null;
  const backupName = text.slice(at + REPORT_FOR.length).trim() || null;
  // `Duplicati %PARSEDRESULT% report for …` names no operation.
  if (words.length === 1 && statusOfResult(words[0]!) !== null) return { operation: null, result: words[0]!, backupName };
  const result = words.slice(1).find((w) => statusOfResult(w) !== null) ?? null;
  return { operation: words[0]!, result, backupName };
}
