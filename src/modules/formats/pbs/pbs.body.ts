import type { JobStatus } from '../../../shared/status.js';

/**
 * The text of a Proxmox Backup Server job mail: `Label:   value` lines, one
 * result line (`Garbage collection successful.`, `Pruning failed: <error>`),
 * the lists some jobs add (failed snapshots, snapshots written to tape, tapes
 * used) and a link to the server's web interface.
 */
export interface PbsBody {
  /** By label in lower case: `datastore`, `job id`, `removed garbage`… */
  fields: Map<string, string>;
  /** `what` is the job as the line names it: `Garbage collection`, `Verification`… */
  result: { what: string; text: string; outcome: JobStatus; error: string | null } | null;
  /** The server's name from the link to its web interface (`https://<fqdn>:8007/#…`). */
  host: string | null;
  failedSnapshots: string[];
  snapshots: string[];
  tapes: string[];
}

const MAX_TEXT = 1024 * 1024;
const MAX_LINES = 20_000;
const MAX_LIST = 5_000;
const MAX_VALUE = 500;
const LABELLED = /^([A-Za-z][A-Za-z -]{0,40}):[ \t]*(.*)$/;
const RESULT = /^(Garbage collection|Verification|Synchronization|Pruning|Tape Backup) (successful|failed)\b(.*)$/;
const LINK = /<https:\/\/([A-Za-z0-9.-]{1,253}):\d{1,5}\/#/;
const LIST_HEADINGS = new Map<string, 'failedSnapshots' | 'snapshots' | 'tapes'>([
  ['verification failed on these snapshots/groups:', 'failedSnapshots'],
  ['snapshots included:', 'snapshots'],
  ['used tapes:', 'tapes'],
]);
const FOOTER = 'Please visit the web interface';

export function readPbsBody(text: string): PbsBody {
  const body: PbsBody = { fields: new Map(), result: null, host: null, failedSnapshots: [], snapshots: [], tapes: [] };
  let list: 'failedSnapshots' | 'snapshots' | 'tapes' | null = null;
  for (const raw of text.slice(0, MAX_TEXT).split(/\r?\n/, MAX_LINES)) {
    const line = raw.trim();
    if (!line) continue;
    body.host ??= LINK.exec(line.slice(0, 300))?.[1] ?? null;
    if (line.startsWith(FOOTER)) {
      list = null;
      continue;
    }
    const result = RESULT.exec(line.slice(0, MAX_VALUE));
    if (result) body.result ??= readResult(result);
    const heading = LIST_HEADINGS.get(line.toLowerCase());
    if (heading) {
      list = heading;
      continue;
    }
    if (result) {
      list = null;
      continue;
    }
    const labelled = LABELLED.exec(line.slice(0, MAX_VALUE));
    if (labelled) {
      // A label (`Duration:`) ends a list.
      list = null;
      const label = labelled[1]!.trim().toLowerCase();
      if (!body.fields.has(label)) body.fields.set(label, labelled[2]!.trim());
      continue;
    }
    if (list === null) continue;
    const entries = body[list];
    // PBS's template may join the failed snapshots on one line; snapshot names hold no spaces.
    for (const entry of line.split(/\s+/)) if (entries.length < MAX_LIST) entries.push(entry);
  }
  return body;
}

function readResult(match: RegExpExecArray): PbsBody['result'] {
  const outcome: JobStatus = match[2] === 'successful' ? 'success' : 'failure';
  const rest = match[3]!;
  const error = rest.startsWith(':') ? rest.slice(1).trim() || null : null;
  return { what: match[1]!, text: `${match[1]} ${match[2]}`, outcome, error };
}
