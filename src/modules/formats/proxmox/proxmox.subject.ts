import type { JobStatus } from '../../../shared/status.js';

/** What the subject of a vzdump mail says about the whole run. */
export interface VzdumpSubject {
  /** The node as `hostname -f` printed it. */
  node: string;
  /** `backup successful`, `backup failed: multiple problems`… */
  statusText: string;
  outcome: JobStatus | null;
  /** The one error that stopped the run before any guest (`backup failed: <error>`). */
  error: string | null;
  /** PVE ≤ 8.0 writes a space before the colon; the notification templates of 8.1 do not. */
  legacy: boolean;
}

const MAX_SUBJECT = 2_000;
// `vzdump backup status (pve1.example.com) : backup successful` (≤ 8.0) or `…com): …` (≥ 8.1).
const SUBJECT = /^vzdump backup status \(([^()\s]{1,255})\)( ?): ?(.*)$/i;
const MULTIPLE = 'multiple problems';

export const isVzdumpSubject = (subject: string) => subject.length <= MAX_SUBJECT && SUBJECT.test(subject.trim());

export function readVzdumpSubject(subject: string): VzdumpSubject | null {
  if (subject.length > MAX_SUBJECT) return null;
  const match = SUBJECT.exec(subject.trim());
  if (!match) return null;
  const statusText = match[3]!.trim();
  const lower = statusText.toLowerCase();
  let outcome: JobStatus | null = null;
  let error: string | null = null;
  if (lower === 'backup successful') outcome = 'success';
  else if (lower.startsWith('backup failed')) {
    outcome = 'failure';
    const rest = statusText.slice('backup failed'.length).replace(/^:\s*/, '').trim();
    if (rest && rest.toLowerCase() !== MULTIPLE) error = rest;
  }
  return { node: match[1]!, statusText, outcome, error, legacy: match[2] === ' ' };
}
