import type { CometJob, CometJobIds, CometJobType, CometStatus } from './comet.models.js';

export type CometEventResult =
  | { kind: 'job'; job: CometJob }
  | { kind: 'ignored'; type: number | null; reason: string }
  | { kind: 'invalid'; problems: string[] };

/** The only event type that carries a finished job (Comet's SEVT_JOB_COMPLETED). */
export const SEVT_JOB_COMPLETED = 4201;

const CLASSIFICATIONS = new Map<number, CometJobType>([
  [4000, 'Unknown'], [4001, 'Backup'], [4002, 'Restore'], [4003, 'Retention'], [4004, 'Unlock'], [4005, 'Delete'],
  [4006, 'Remeasure'], [4007, 'Update'], [4008, 'Import'], [4009, 'Reindex'], [4010, 'Deep Verify'], [4011, 'Uninstall'],
]);

const FAILURES = new Map<number, { status: CometStatus; statusText: string }>([
  [7000, { status: 'Timeout', statusText: 'Timeout' }],
  [7001, { status: 'Warning', statusText: 'Warning' }],
  [7002, { status: 'Error', statusText: 'Error' }],
  [7003, { status: 'Quota Exceeded', statusText: 'Quota Exceeded' }],
  [7004, { status: 'Missed', statusText: 'Missed' }],
  [7005, { status: 'Cancelled', statusText: 'Cancelled' }],
  [7006, { status: 'Skipped', statusText: 'Skipped (already running)' }],
  [7007, { status: 'Abandoned', statusText: 'Abandoned' }],
]);

/** The latest Unix time a Date can hold, in seconds. */
const MAX_UNIX_SECONDS = 8_640_000_000_000;

type Fields = Record<string, unknown>;
const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value as it appeared in the JSON, shortened for a problem. */
function show(value: unknown): string {
  try {
    return (JSON.stringify(value) ?? String(value)).slice(0, 80);
  } catch {
    return typeof value;
  }
}

function readStatus(code: number): { status: CometStatus | null; statusText: string | null; problem?: string } {
  if (code >= 5000 && code <= 5999) return { status: 'Success', statusText: 'Success' };
  if (code >= 6000 && code <= 6999) return { status: 'Running', statusText: 'Running' };
  const failure = FAILURES.get(code);
  if (failure) return failure;
  // A failure code newer than this reader is still a failure.
  if (code >= 7000 && code <= 7999) return { status: 'Error', statusText: 'Error', problem: `Status: ${code} is a failure code this reader does not know; read as Error` };
  return { status: null, statusText: null, problem: `Status: ${code} is not a Comet job status` };
}

function readJob(data: Fields, owner: unknown): CometJob {
  const problems: string[] = [];
  const text = (field: string, required = true): string | null => {
    const value = data[field];
    if (value === undefined || value === null || value === '') {
      if (required) problems.push(`${field}: missing`);
      return null;
    }
    if (typeof value === 'string') return value;
    problems.push(`${field}: ${show(value)} is not text`);
    return null;
  };
  const whole = (field: string, required: boolean): number | null => {
    const value = data[field];
    if (value === undefined || value === null) {
      if (required) problems.push(`${field}: missing`);
      return null;
    }
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
    problems.push(`${field}: ${show(value)} is not a whole number`);
    return null;
  };
  // Comet writes 0 for a time it does not know.
  const time = (field: string, required: boolean): number | null => {
    const seconds = whole(field, required);
    if (seconds === null) return null;
    if (seconds > 0 && seconds <= MAX_UNIX_SECONDS) return seconds;
    if (seconds > 0) problems.push(`${field}: ${seconds} is not a Unix time`);
    else if (required) problems.push(`${field}: unknown (0)`);
    return null;
  };

  const jobGuid = text('GUID');
  const username = text('Username');
  const classification = whole('Classification', true);
  const type = classification === null ? null : (CLASSIFICATIONS.get(classification) ?? null);
  if (classification !== null && type === null) problems.push(`Classification: ${classification} is not a Comet job type`);
  const statusCode = whole('Status', true);
  const { status, statusText, problem } = statusCode === null ? { status: null, statusText: null } : readStatus(statusCode);
  if (problem) problems.push(problem);
  const done = status !== 'Running';
  const started = time('StartTime', true);
  const stopped = time('EndTime', done);
  let durationSeconds: number | null = null;
  if (started !== null && stopped !== null) {
    if (stopped >= started) durationSeconds = stopped - started;
    else problems.push(`EndTime: ${stopped} is before StartTime`);
  }
  const ids: CometJobIds = {
    jobGuid,
    sourceGuid: text('SourceGUID'),
    vaultGuid: text('DestinationGUID'),
    deviceId: text('DeviceID'),
    tenant: typeof owner === 'string' && owner !== '' ? owner : null,
  };
  if (owner !== undefined && owner !== null && typeof owner !== 'string') problems.push(`OwnerOrganizationID: ${show(owner)} is not text`);

  return {
    username,
    type,
    status,
    statusText,
    startedAt: started === null ? null : new Date(started * 1000).toISOString(),
    stoppedAt: stopped === null ? null : new Date(stopped * 1000).toISOString(),
    // The event carries identifiers, not names.
    protectedItem: null,
    vault: null,
    device: null,
    clientVersion: text('ClientVersion'),
    directories: whole('TotalDirectories', done),
    files: whole('TotalFiles', done),
    totalSize: whole('TotalSize', done),
    uploaded: whole('UploadSize', done),
    downloaded: whole('DownloadSize', done),
    durationSeconds,
    log: [],
    problems,
    ids,
  };
}

function eventType(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null;
  return typeof value === 'string' && /^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : null;
}

/** Reads the JSON body of a Comet Server webhook (a StreamableEvent). Never throws. */
export function readCometEvent(body: unknown): CometEventResult {
  if (!isObject(body)) return { kind: 'invalid', problems: [`the body ${show(body)} is not a JSON object`] };
  if (body.Type === undefined || body.Type === null) return { kind: 'ignored', type: null, reason: 'the event has no Type' };
  const type = eventType(body.Type);
  if (type === null) return { kind: 'invalid', problems: [`Type: ${show(body.Type)} is not an event type number`] };
  if (type !== SEVT_JOB_COMPLETED) {
    const name = typeof body.TypeString === 'string' && body.TypeString !== '' ? `${body.TypeString} (${type})` : `event type ${type}`;
    return { kind: 'ignored', type, reason: `${name} is not a finished job` };
  }
  if (!isObject(body.Data)) return { kind: 'invalid', problems: [body.Data === undefined ? 'Data: missing' : `Data: ${show(body.Data)} is not a job`] };
  return { kind: 'job', job: readJob(body.Data, body.OwnerOrganizationID) };
}
