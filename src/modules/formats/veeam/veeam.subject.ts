/**
 * Veeam's subjects: `[%JobResult%] …` after whatever an admin, an expired
 * support contract ("out of support" text) or a forward (`FW:`) put in front.
 * The token is Veeam's own three words; the rest depends on the product.
 */

const MAX_SUBJECT = 1_000;
const RESULT_WORDS = new Set(['success', 'warning', 'failed']);

export interface SubjectToken {
  /** As written: "Success", "Failed". */
  word: string;
  /** The subject after the token, trimmed. */
  rest: string;
}

/**
 * The first `[Success]`, `[Warning]` or `[Failed]` in the subject. Not one that
 * stands beside another bracket group, unless a job count follows: Veeam Backup
 * for Salesforce writes `[%job_name%] [%job_status%]`, whose first group is a name.
 */
export function resultToken(subject: string): SubjectToken | null {
  const text = subject.slice(0, MAX_SUBJECT);
  let from = 0;
  for (;;) {
    const open = text.indexOf('[', from);
    if (open < 0) return null;
    const close = text.indexOf(']', open);
    if (close < 0) return null;
    from = open + 1;
    const word = text.slice(open + 1, close).trim();
    if (!RESULT_WORDS.has(word.toLowerCase())) continue;
    const before = text.slice(0, open).trimEnd();
    const after = text.slice(close + 1).trimStart();
    if (after.startsWith('[') || (before.endsWith(']') && !countedName(after))) return null;
    return { word, rest: after.trim() };
  }
}

export interface CountedName {
  /** What stands before `(3 objects)`. */
  name: string;
  objects: number;
  /** What follows it: `1 warning`, `, 0 issues`. */
  after: string;
}

const COUNT = / \((\d{1,9}) (objects?|VMs?)\)/g;

/** `Nightly VMs (3 objects) 1 failed` → name, count, rest; null without a count. The last count wins, so a name may hold parentheses. */
export function countedName(rest: string): CountedName | null {
  let last: RegExpExecArray | null = null;
  for (const match of rest.matchAll(COUNT)) last = match;
  if (!last) return null;
  return { name: rest.slice(0, last.index).trim(), objects: Number(last[1]), after: rest.slice(last.index + last[0].length).trim() };
}

/** AWS, Azure and Google Cloud jobs count instances or virtual machines; their reports are not read here. */
export const countsInstances = (rest: string) => /\(\d{1,9} (?:instances?|virtual machines?)\)/i.test(rest);

const RETRY = / \(Retry (\d{1,4})\)$/i;

/** `Nightly VMs (Retry 2)` → the job's name and the retry. */
export function withoutRetry(name: string): { name: string; retry: number | null } {
  const match = RETRY.exec(name);
  return match ? { name: name.slice(0, match.index).trim(), retry: Number(match[1]) } : { name, retry: null };
}

/** `A - B - C` split at ` - `: VB365 (`Org - Job`) and the agents (`Computer - Job - Time`, `HOST - date`). */
export const dashParts = (text: string) => text.split(' - ').map((part) => part.trim());
