import { describe, expect, it } from 'vitest';
import type { AnomalySettings, JobMeasures } from './jobs.anomalies.js';
import { DEFAULT_ANOMALY_SETTINGS, detectAnomalies, resolveAnomalySettings } from './jobs.anomalies.js';

const GB = 1024 ** 3;

const job = (m: Partial<JobMeasures> = {}): JobMeasures => ({ totalSize: 100 * GB, files: 10_000, durationSeconds: 600, uploaded: 1_000_000, ...m });
const jobs = (n: number, m: Partial<JobMeasures> = {}) => Array.from({ length: n }, () => job(m));
const settings = (s: Partial<AnomalySettings> = {}): AnomalySettings => ({ ...DEFAULT_ANOMALY_SETTINGS, ...s });
const detect = (current: JobMeasures, previous: JobMeasures[], s: Partial<AnomalySettings> = {}) => detectAnomalies(current, previous, settings(s));
const rules = (current: JobMeasures, previous: JobMeasures[], s: Partial<AnomalySettings> = {}) => detect(current, previous, s).map((a) => a.rule);

describe('reasons', () => {
  it.each<[string, JobMeasures, JobMeasures[], Partial<AnomalySettings>, string]>([
    ['a total size drop', job({ totalSize: 6.8 * GB }), jobs(10, { totalSize: 52.1 * GB }), {}, 'Total size fell 87 % from 52.1 GB to 6.8 GB against the median of the last 10 jobs'],
    ['a file count drop', job({ files: 4938 }), jobs(10, { files: 12345 }), {}, 'File count fell 60 % from 12,345 to 4,938 against the median of the last 10 jobs'],
    ['a long job', job({ durationSeconds: 7500 }), jobs(10, { durationSeconds: 37 * 60 }), {}, 'The job took 3.4× as long as the median of the last 10 jobs (2 h 5 min against 37 min)'],
    ['no upload in a row', job({ uploaded: 0 }), jobs(2, { uploaded: 0 }), { noUploadJobs: 3 }, 'No bytes uploaded in 3 jobs in a row'],
    ['no upload in a single job', job({ uploaded: 0 }), [], { noUploadJobs: 1 }, 'No bytes uploaded in this job'],
    ['a median over fewer jobs than the history', job({ files: 10 }), jobs(4, { files: 100 }), {}, 'File count fell 90 % from 100 to 10 against the median of the last 4 jobs'],
    ['a median over one job', job({ files: 10 }), jobs(1, { files: 100 }), { minHistory: 1 }, 'File count fell 90 % from 100 to 10 against the median of the last job'],
  ])('%s is explained in words', (_, current, previous, s, reason) => {
    expect(detect(current, previous, s).map((a) => a.reason)).toEqual([reason]);
  });
});

describe('median rules', () => {
  it.each<[string, JobMeasures, JobMeasures[], Partial<AnomalySettings>, string[]]>([
    ['an ordinary job raises nothing', job(), jobs(10), {}, []],
    ['every rule fires together, in order', job({ totalSize: GB, files: 10, durationSeconds: 6000, uploaded: 0 }), jobs(10, { uploaded: 0 }), { noUploadJobs: 2 }, ['sizeDrop', 'filesDrop', 'duration', 'noUpload']],
    ['a fall of exactly the threshold does not fire', job({ files: 5000 }), jobs(5), {}, []],
    ['a fall just past the threshold fires', job({ files: 4999 }), jobs(5), {}, ['filesDrop']],
    ['a threshold that floating point would cross does not fire at exactly 30 %', job({ files: 7 }), jobs(5, { files: 10 }), { filesDropPercent: 30 }, []],
    ['exactly the duration factor does not fire', job({ durationSeconds: 1800 }), jobs(5), {}, []],
    ['just past the duration factor fires', job({ durationSeconds: 1801 }), jobs(5), {}, ['duration']],
    ['a growing job is no anomaly', job({ totalSize: 500 * GB, files: 90_000 }), jobs(5), {}, []],
    ['a shorter job is no anomaly', job({ durationSeconds: 1 }), jobs(5), {}, []],
    ['fewer previous values than minHistory say nothing', job({ files: 1 }), jobs(2), {}, []],
    ['a lower minHistory lets two values count', job({ files: 1 }), jobs(2), { minHistory: 2 }, ['filesDrop']],
    ['a median of 0 never triggers a drop', job({ totalSize: 0, files: 0 }), jobs(5, { totalSize: 0, files: 0 }), { zeroData: false }, []],
    ['a job that protected 0 bytes is a warning from its first report', job({ totalSize: 0 }), [], {}, ['zeroData']],
    ['a job that protected 0 objects is a warning', job({ objects: 0 }), [], {}, ['zeroData']],
    ['zero data can be turned off', job({ totalSize: 0, objects: 0 }), [], { zeroData: false }, []],
    ['a median duration of 0 never triggers', job({ durationSeconds: 60 }), jobs(5, { durationSeconds: 0 }), {}, []],
    ['a current value that could not be read says nothing', job({ totalSize: null, files: null, durationSeconds: null }), jobs(5), {}, []],
    ['a rule set to null is off', job({ totalSize: GB, files: 1, durationSeconds: 6000 }), jobs(5), { sizeDropPercent: null, filesDropPercent: null, durationFactor: null }, []],
    ['a lower threshold fires sooner', job({ files: 8000 }), jobs(5), { filesDropPercent: 10 }, ['filesDrop']],
  ])('%s', (_, current, previous, s, expected) => {
    expect(rules(current, previous, s)).toEqual(expected);
  });

  it('takes the median over only the newest `history` jobs', () => {
    const previous = [...jobs(3, { files: 100 }), ...jobs(10, { files: 10_000 })];
    expect(rules(job({ files: 100 }), previous, { history: 3 })).toEqual([]);
    expect(rules(job({ files: 100 }), previous, { history: 10 })).toEqual(['filesDrop']);
  });

  it('skips previous jobs without a value and counts only those with one', () => {
    const previous = [job({ files: null }), ...jobs(3, { files: 1000 }), job({ files: null })];
    expect(detect(job({ files: 100 }), previous).map((a) => a.reason)).toEqual(['File count fell 90 % from 1,000 to 100 against the median of the last 3 jobs']);
  });

  it('reaches past jobs without a value for the newest `history` values', () => {
    const previous = [...jobs(5, { files: null }), ...jobs(3, { files: 1000 })];
    expect(rules(job({ files: 100 }), previous, { history: 3 })).toEqual(['filesDrop']);
  });

  it('is not thrown off by one outlier, because it takes the median', () => {
    const previous = [job({ files: 1_000_000 }), ...jobs(4, { files: 1000 })];
    expect(detect(job({ files: 400 }), previous)[0]?.reason).toContain('from 1,000 to 400');
  });

  it('takes the mean of the two middle values for an even count', () => {
    const previous = [1000, 2000, 3000, 4000].map((files) => job({ files }));
    expect(detect(job({ files: 500 }), previous)[0]?.reason).toBe('File count fell 80 % from 2,500 to 500 against the median of the last 4 jobs');
  });
});

describe('no upload', () => {
  it.each<[string, JobMeasures, JobMeasures[], number | null, boolean]>([
    ['is off by default', job({ uploaded: 0 }), jobs(5, { uploaded: 0 }), DEFAULT_ANOMALY_SETTINGS.noUploadJobs, false],
    ['fires when this and the previous N − 1 uploaded nothing', job({ uploaded: 0 }), jobs(2, { uploaded: 0 }), 3, true],
    ['looks only at the newest N − 1 previous jobs', job({ uploaded: 0 }), [...jobs(2, { uploaded: 0 }), job()], 3, true],
    ['does not fire when one of them uploaded', job({ uploaded: 0 }), [job({ uploaded: 0 }), job()], 3, false],
    ['does not fire with too few previous jobs', job({ uploaded: 0 }), jobs(1, { uploaded: 0 }), 3, false],
    ['does not fire when this job uploaded', job(), jobs(5, { uploaded: 0 }), 3, false],
    ['does not take an unread current upload for zero', job({ uploaded: null }), jobs(5, { uploaded: 0 }), 3, false],
    ['does not take an unread previous upload for zero', job({ uploaded: 0 }), [job({ uploaded: 0 }), job({ uploaded: null })], 3, false],
  ])('%s', (_, current, previous, noUploadJobs, fires) => {
    expect(rules(current, previous, { noUploadJobs }).includes('noUpload')).toBe(fires);
  });
});

describe('resolveAnomalySettings', () => {
  const org = DEFAULT_ANOMALY_SETTINGS;

  it('is the organization\'s settings without layers', () => {
    expect(resolveAnomalySettings(org)).toEqual(org);
  });

  it('inherits absent and undefined fields, and skips missing layers', () => {
    expect(resolveAnomalySettings(org, null, undefined, {}, { sizeDropPercent: undefined })).toEqual(org);
  });

  it('turns a rule off with null', () => {
    expect(resolveAnomalySettings(org, { durationFactor: null }).durationFactor).toBeNull();
  });

  it('lets the check win over the group', () => {
    const resolved = resolveAnomalySettings(org, { sizeDropPercent: 30, noUploadJobs: 2, history: 20 }, { sizeDropPercent: 70, noUploadJobs: null });
    expect(resolved).toEqual({ ...org, sizeDropPercent: 70, noUploadJobs: null, history: 20 });
  });

  it('lets a check turn on a rule its group turned off', () => {
    expect(resolveAnomalySettings(org, { filesDropPercent: null }, { filesDropPercent: 25 }).filesDropPercent).toBe(25);
  });

  it('leaves the organization\'s settings untouched', () => {
    const before = { ...org };
    resolveAnomalySettings(org, { history: 5 });
    expect(org).toEqual(before);
  });
});
