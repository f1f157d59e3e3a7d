import { describe, expect, it } from 'vitest';
import { readCometEvent, SEVT_JOB_COMPLETED } from './comet.webhook.js';

const JOB = {
  GUID: '0f7e1c52-3b7d-4a55-9a7d-6a3f7c1f2d10',
  Username: 'user01',
  Classification: 4001,
  Status: 5000,
  StartTime: 1543344900,
  EndTime: 1543345080,
  SourceGUID: 'a4c2e1f0-0000-4000-8000-000000000001',
  DestinationGUID: 'b5d3f2a1-0000-4000-8000-000000000002',
  DeviceID: 'c6e4a3b2d1f0e9d8c7b6a5f4e3d2c1b0',
  SnapshotID: 'f3bf170c',
  ClientVersion: '18.9.5',
  TotalDirectories: 2,
  TotalFiles: 7,
  TotalSize: 172674,
  TotalChunks: 3,
  UploadSize: 2050,
  DownloadSize: 7760,
  TotalAccountsCount: 0,
};

const event = (data: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  OwnerOrganizationID: '',
  Type: SEVT_JOB_COMPLETED,
  TypeString: 'SEVT_JOB_COMPLETED',
  Actor: '',
  ResourceID: JOB.GUID,
  Timestamp: 1543345081,
  Data: { ...JOB, ...data },
  ...extra,
});

const jobOf = (body: unknown) => {
  const result = readCometEvent(body);
  if (result.kind !== 'job') throw new Error(`expected a job, got ${JSON.stringify(result)}`);
  return result.job;
};

describe('readCometEvent', () => {
  it('reads a completed job', () => {
    expect(readCometEvent(event())).toEqual({
      kind: 'job',
      job: {
        username: 'user01',
        type: 'Backup',
        status: 'Success',
        statusText: 'Success',
        startedAt: '2018-11-27T18:55:00.000Z',
        stoppedAt: '2018-11-27T18:58:00.000Z',
        protectedItem: null,
        vault: null,
        device: null,
        clientVersion: '18.9.5',
        directories: 2,
        files: 7,
        totalSize: 172674,
        uploaded: 2050,
        downloaded: 7760,
        durationSeconds: 180,
        log: [],
        problems: [],
        ids: {
          jobGuid: JOB.GUID,
          deviceId: JOB.DeviceID,
          sourceGuid: JOB.SourceGUID,
          vaultGuid: JOB.DestinationGUID,
          tenant: null,
        },
      },
    });
  });

  it('keeps the organization as the tenant', () => {
    expect(jobOf(event({}, { OwnerOrganizationID: 'org-42' })).ids.tenant).toBe('org-42');
  });

  it('accepts the event type as a string of digits', () => {
    expect(readCometEvent(event({}, { Type: '4201' })).kind).toBe('job');
  });

  it.each([
    [4000, 'Unknown'], [4001, 'Backup'], [4002, 'Restore'], [4003, 'Retention'], [4004, 'Unlock'], [4005, 'Delete'],
    [4006, 'Remeasure'], [4007, 'Update'], [4008, 'Import'], [4009, 'Reindex'], [4010, 'Deep Verify'], [4011, 'Uninstall'],
  ])('reads classification %d as %s', (code, type) => {
    expect(jobOf(event({ Classification: code }))).toMatchObject({ type, problems: [] });
  });

  it.each([
    [5000, 'Success', 'Success'],
    [5001, 'Success', 'Success'],
    [6000, 'Running', 'Running'],
    [6001, 'Running', 'Running'],
    [7000, 'Timeout', 'Timeout'],
    [7001, 'Warning', 'Warning'],
    [7002, 'Error', 'Error'],
    [7003, 'Quota Exceeded', 'Quota Exceeded'],
    [7004, 'Missed', 'Missed'],
    [7005, 'Cancelled', 'Cancelled'],
    [7006, 'Skipped', 'Skipped (already running)'],
    [7007, 'Abandoned', 'Abandoned'],
  ])('reads status %d as %s', (code, status, statusText) => {
    expect(jobOf(event({ Status: code }))).toMatchObject({ status, statusText, problems: [] });
  });

  it('reads an unknown failure code as Error and says so', () => {
    expect(jobOf(event({ Status: 7042 }))).toMatchObject({ status: 'Error', problems: ['Status: 7042 is a failure code this reader does not know; read as Error'] });
  });

  it('names a status that is no Comet status', () => {
    expect(jobOf(event({ Status: 1234 }))).toMatchObject({ status: null, statusText: null, problems: ['Status: 1234 is not a Comet job status'] });
  });

  it('names an unknown classification', () => {
    expect(jobOf(event({ Classification: 4999 }))).toMatchObject({ type: null, problems: ['Classification: 4999 is not a Comet job type'] });
  });

  it('reads a running job without its end and totals', () => {
    const job = jobOf(event({ Status: 6001, EndTime: 0, TotalDirectories: undefined, TotalFiles: undefined, TotalSize: undefined, UploadSize: undefined, DownloadSize: undefined }));
    expect(job).toMatchObject({ status: 'Running', stoppedAt: null, durationSeconds: null, totalSize: null, problems: [] });
  });

  it('names missing and mistyped fields', () => {
    const job = jobOf(event({ Username: undefined, Classification: 'Backup', Status: null, StartTime: 0, TotalSize: -5, UploadSize: 1.5, GUID: 12, ClientVersion: '' }));
    expect(job).toMatchObject({ username: null, type: null, status: null, startedAt: null, totalSize: null, uploaded: null, ids: { jobGuid: null } });
    expect(job.problems).toEqual([
      'GUID: 12 is not text',
      'Username: missing',
      'Classification: "Backup" is not a whole number',
      'Status: missing',
      'StartTime: unknown (0)',
      'ClientVersion: missing',
      'TotalSize: -5 is not a whole number',
      'UploadSize: 1.5 is not a whole number',
    ]);
  });

  it('gives no duration when the job ended before it started, and says so', () => {
    expect(jobOf(event({ EndTime: JOB.StartTime - 1 }))).toMatchObject({ durationSeconds: null, problems: [`EndTime: ${JOB.StartTime - 1} is before StartTime`] });
  });

  it('names a time no date can hold', () => {
    expect(jobOf(event({ EndTime: 9e15 })).problems).toEqual(['EndTime: 9000000000000000 is not a Unix time']);
  });

  it.each([
    [4200, 'SEVT_JOB_NEW', 'SEVT_JOB_NEW (4200) is not a finished job'],
    [4100, undefined, 'event type 4100 is not a finished job'],
    ['4300', '', 'event type 4300 is not a finished job'],
  ])('ignores event type %j', (type, typeString, reason) => {
    expect(readCometEvent({ OwnerOrganizationID: '', Type: type, TypeString: typeString, Data: {} })).toEqual({ kind: 'ignored', type: Number(type), reason });
  });

  it('ignores an object without an event type', () => {
    expect(readCometEvent({ hello: 'world' })).toEqual({ kind: 'ignored', type: null, reason: 'the event has no Type' });
  });

  it.each([
    ['a string', 'SEVT_JOB_COMPLETED', ['the body "SEVT_JOB_COMPLETED" is not a JSON object']],
    ['null', null, ['the body null is not a JSON object']],
    ['an array', [event()], [`the body ${JSON.stringify([event()]).slice(0, 80)} is not a JSON object`]],
    ['a type that is not a number', { Type: 'job completed' }, ['Type: "job completed" is not an event type number']],
    ['a fractional type', { Type: 4201.5 }, ['Type: 4201.5 is not an event type number']],
    ['a completed job without Data', { Type: 4201 }, ['Data: missing']],
    ['a completed job whose Data is not an object', { Type: 4201, Data: 'x' }, ['Data: "x" is not a job']],
    ['a completed job whose Data is an array', { Type: 4201, Data: [] }, ['Data: [] is not a job']],
  ])('finds %s invalid', (_, body, problems) => {
    expect(readCometEvent(body)).toEqual({ kind: 'invalid', problems });
  });

  it('never throws, whatever the body holds', () => {
    const cyclic: Record<string, unknown> = { Type: 4201 };
    cyclic.Data = { Username: cyclic, Status: 10n };
    const bodies: unknown[] = [undefined, 0, true, Symbol('x'), () => 1, cyclic, { Type: 4201, Data: Object.create(null) }, { Type: {}, Data: {} }, { Type: 4201, Data: { StartTime: Infinity } }];
    for (const body of bodies) expect(() => readCometEvent(body)).not.toThrow();
  });
});
