import { formatBytes, formatCount, formatDuration } from '../../shared/figures.js';

/** When a technically successful job still reads as a warning; null in a rule's field turns it off. */
export interface AnomalySettings {
  /** Total size fell by more than this % against the median. */
  sizeDropPercent: number | null;
  /** File count fell by more than this % against the median. */
  filesDropPercent: number | null;
  /** The job took more than this × the median duration. */
  durationFactor: number | null;
  /** No bytes uploaded for this many jobs in a row, this one included. */
  noUploadJobs: number | null;
  /** How many previous jobs a median is taken over. */
  history: number;
  /** With fewer previous values than this, a median rule says nothing. */
  minHistory: number;
  /** A successful job that protected 0 bytes or 0 objects is a warning. */
  zeroData: boolean;
}

export const DEFAULT_ANOMALY_SETTINGS: AnomalySettings = {
  sizeDropPercent: 50,
  filesDropPercent: 50,
  durationFactor: 3,
  noUploadJobs: null,
  history: 10,
  minHistory: 3,
  zeroData: true,
};

/** A group's or check's changes: null in a field turns the rule off, an absent field inherits. */
export type AnomalyOverrides = Partial<AnomalySettings>;

/** The organization's settings with each layer over it, later layers winning (group, then check). */
export function resolveAnomalySettings(org: AnomalySettings, ...layers: (AnomalyOverrides | null | undefined)[]): AnomalySettings {
  const resolved: AnomalySettings = { ...org };
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer)) {
      if (value !== undefined && key in resolved) (resolved as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return resolved;
}

export interface JobMeasures {
  totalSize: number | null;
  files: number | null;
  durationSeconds: number | null;
  uploaded: number | null;
  /** VMs, guests or other objects, where the report counts them. */
  objects?: number | null;
}

export interface Anomaly {
  rule: 'sizeDrop' | 'filesDrop' | 'duration' | 'noUpload' | 'zeroData';
  reason: string;
}

type MedianMeasure = 'totalSize' | 'files' | 'durationSeconds';

interface Baseline {
  median: number;
  count: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function baseline(previous: JobMeasures[], measure: MedianMeasure, settings: AnomalySettings): Baseline | null {
  const values = previous
    .map((job) => job[measure])
    .filter((v): v is number => v !== null)
    .slice(0, settings.history);
  if (values.length === 0 || values.length < settings.minHistory) return null;
  return { median: median(values), count: values.length };
}

const lastJobs = (count: number) => (count === 1 ? 'the last job' : `the last ${count} jobs`);

function dropReason(what: string, format: (n: number) => string, current: number | null, base: Baseline | null, percent: number | null): string | null {
  if (percent === null || current === null || base === null || base.median <= 0) return null;
  // Compared multiplied out, so 10 → 7 is exactly 30 % and does not pass a threshold of 30.
  if ((base.median - current) * 100 <= percent * base.median) return null;
  const fell = Math.round(((base.median - current) / base.median) * 100);
  return `${what} fell ${fell} % from ${format(base.median)} to ${format(current)} against the median of ${lastJobs(base.count)}`;
}

export function detectAnomalies(current: JobMeasures, previous: JobMeasures[], settings: AnomalySettings): Anomaly[] {
  const anomalies: Anomaly[] = [];

  if (settings.zeroData && current.totalSize === 0) anomalies.push({ rule: 'zeroData', reason: 'The job protected 0 bytes' });
  else if (settings.zeroData && current.objects === 0) anomalies.push({ rule: 'zeroData', reason: 'The job protected 0 objects' });

  const sizeDrop = dropReason('Total size', formatBytes, current.totalSize, baseline(previous, 'totalSize', settings), settings.sizeDropPercent);
  if (sizeDrop) anomalies.push({ rule: 'sizeDrop', reason: sizeDrop });

  const filesDrop = dropReason('File count', formatCount, current.files, baseline(previous, 'files', settings), settings.filesDropPercent);
  if (filesDrop) anomalies.push({ rule: 'filesDrop', reason: filesDrop });

  const duration = baseline(previous, 'durationSeconds', settings);
  const factor = settings.durationFactor;
  if (factor !== null && current.durationSeconds !== null && duration && duration.median > 0 && current.durationSeconds > factor * duration.median) {
    const times = (current.durationSeconds / duration.median).toFixed(1);
    anomalies.push({
      rule: 'duration',
      reason: `The job took ${times}× as long as the median of ${lastJobs(duration.count)} (${formatDuration(current.durationSeconds)} against ${formatDuration(duration.median)})`,
    });
  }

  const streak = settings.noUploadJobs;
  if (streak !== null && streak >= 1 && current.uploaded === 0) {
    const before = previous.slice(0, streak - 1);
    if (before.length === streak - 1 && before.every((job) => job.uploaded === 0)) {
      anomalies.push({ rule: 'noUpload', reason: streak === 1 ? 'No bytes uploaded in this job' : `No bytes uploaded in ${streak} jobs in a row` });
    }
  }

  return anomalies;
}
