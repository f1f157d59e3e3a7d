import { describe, expect, it } from 'vitest';
import { describeJob, mergeJob, partnerOf } from './comet.jobs.models.js';
import { type CometJob, NO_IDS } from './comet.models.js';
import { readCometReport } from './comet.report.js';
import { jobVerdict } from '../../jobs/jobs.verdict.js';
import { reportJobOf } from './comet.job.js';
import { type CometStatusMap, DEFAULT_COMET_STATUS_MAP } from './comet.models.js';

/** What a Comet job's own status says, as every format's job is judged. */
const readCometJob = (job: CometJob, map: CometStatusMap) => ({ verdict: jobVerdict('Comet', reportJobOf(job, map)) });

const email: CometJob = {
  username: 'u',
  type: 'Backup',
  status: 'Success',
  statusText: 'Success',
  startedAt: '2026-11-20T21:00:00.000Z',
  stoppedAt: '2026-11-20T21:01:00.000Z',
  protectedItem: 'Documents',
  vault: 'Offsite',
  device: 'PC',
  clientVersion: '24.3.0',
  directories: 2,
  files: 7,
  totalSize: null,
  uploaded: 2050,
  downloaded: 7760,
  durationSeconds: 60,
  log: [{ at: '2026-11-20T21:00:00.000Z', text: 'Starting backup...' }],
  problems: ['Total Size: "12 XB" is not a size'],
  ids: NO_IDS,
};

const event: CometJob = {
  ...email,
  startedAt: '2026-11-20T21:00:17.000Z',
  stoppedAt: '2026-11-20T21:01:52.000Z',
  protectedItem: null,
  vault: null,
  device: null,
  totalSize: 172_674,
  durationSeconds: 95,
  log: [],
  problems: [],
  ids: { jobGuid: 'g', deviceId: 'dev', sourceGuid: 'src', vaultGuid: 'v', tenant: null },
};

describe('one job told twice', () => {
  it('takes the names and log from the email and the exact figures and identifiers from the event', () => {
    expect(mergeJob(email, event)).toEqual({
      ...email,
      startedAt: '2026-11-20T21:00:17.000Z',
      stoppedAt: '2026-11-20T21:01:52.000Z',
      totalSize: 172_674,
      durationSeconds: 95,
      problems: [],
      ids: event.ids,
    });
  });

  it('keeps a problem the event does not answer', () => {
    expect(mergeJob({ ...email, problems: ['Device: missing'] }, event).problems).toEqual(['Device: missing']);
  });

  it('pairs by names where both know them, else by file and folder counts, and only when one fits', () => {
    const c = (job: CometJob, namesKnown: boolean, row: string) => ({ row, job, namesKnown });
    expect(partnerOf([c(email, true, 'a'), c({ ...email, protectedItem: 'Mail' }, true, 'b')], { ...email, protectedItem: 'Mail' }, true)).toBe('b');
    expect(partnerOf([c(email, true, 'a'), c({ ...email, protectedItem: 'Mail', files: 900 }, true, 'b')], event, false)).toBe('a');
    expect(partnerOf([c(email, true, 'a'), c({ ...email, protectedItem: 'Mail' }, true, 'b')], event, false)).toBeNull();
    expect(partnerOf([c({ ...email, type: 'Restore' }, true, 'a')], event, false)).toBeNull();
  });
});

describe('a job told only by an event', () => {
  it('reads like a Comet report, so subject and body rules and the report parser see the same job', () => {
    const { subject, text } = describeJob({ ...event, device: 'PC', protectedItem: 'Documents', vault: 'Offsite' });
    expect(subject).toBe('Success - Backup of "Documents"');
    const read = readCometReport({ subject, text })!;
    expect(read).toMatchObject({ username: 'u', device: 'PC', protectedItem: 'Documents', vault: 'Offsite', totalSize: 172_674, files: 7, status: 'Success' });
  });
});

describe("a Comet job's own status", () => {
  it('maps through the settings, says why when not plain success, and never lets an unreadable report pass as success', () => {
    expect(readCometJob({ ...email, problems: [] }, DEFAULT_COMET_STATUS_MAP).verdict).toEqual({ status: 'success', reasons: [] });
    expect(readCometJob({ ...email, problems: [], status: 'Quota Exceeded', statusText: 'Quota Exceeded' }, DEFAULT_COMET_STATUS_MAP).verdict).toEqual({
      status: 'failure',
      reasons: ['Comet reported Quota Exceeded'],
    });
    expect(readCometJob(email, DEFAULT_COMET_STATUS_MAP).verdict).toEqual({ status: 'warning', reasons: ['The Comet report could not be fully read: Total Size: "12 XB" is not a size'] });
    expect(readCometJob({ ...email, status: null, problems: [] }, DEFAULT_COMET_STATUS_MAP).verdict).toEqual({ status: null, reasons: ['The Comet report has no status that could be read'] });
    expect(readCometJob({ ...email, problems: [], status: 'Cancelled' }, { ...DEFAULT_COMET_STATUS_MAP, Cancelled: 'failure' }).verdict.status).toBe('failure');
  });
});
