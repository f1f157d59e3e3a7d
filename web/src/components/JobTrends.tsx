/**
 * A check's backup jobs over time (any report format's): total size, files, uploaded bytes and
 * duration, one small chart each (uPlot, loaded only when a chart is shown),
 * every chart with its figures in words, and every job in a table.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import { api } from '../api.js';
import { formatCount, formatDuration, formatSize, formatTime } from '../format.js';
import { ErrorNote } from './Page.js';
import { type Column, Table } from './Table.js';

export interface TrendPoint {
  jobId: number;
  startedAt: string | null;
  receivedAt: string;
  /** Comet's own status word, for a Comet job. */
  cometStatus: string | null;
  jobStatus: string | null;
  status: string;
  totalSize: number | null;
  files: number | null;
  uploaded: number | null;
  durationSeconds: number | null;
}

type Measure = 'totalSize' | 'files' | 'uploaded' | 'durationSeconds';

// Axis steps people read: 1024-based sizes (10 GB, not 10.7 GB) and whole minutes and hours.
const STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500];
const BYTE_STEPS = [0, 1, 2, 3, 4, 5].flatMap((p) => STEPS.map((m) => m * 1024 ** p));
const SECOND_STEPS = [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];

const SERIES: { key: Measure; title: string; format: (n: number) => string; steps?: number[] }[] = [
  { key: 'totalSize', title: 'Total size', format: formatSize, steps: BYTE_STEPS },
  { key: 'files', title: 'Files', format: formatCount },
  { key: 'uploaded', title: 'Uploaded', format: formatSize, steps: BYTE_STEPS },
  { key: 'durationSeconds', title: 'Duration', format: formatDuration, steps: SECOND_STEPS },
];

const at = (p: TrendPoint) => Date.parse(p.startedAt ?? p.receivedAt) / 1000;

const tickDay = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const tickTime = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
/** Days on the time axis, or times of day (a day's date at its midnight) when the ticks are closer. */
const timeTicks = (splits: number[], step: number) =>
  splits.map((s) => {
    const d = new Date(s * 1000);
    return step >= 86_400 || (d.getHours() === 0 && d.getMinutes() === 0) ? tickDay.format(d) : tickTime.format(d);
  });

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** "min 6.8 GB · median 52.1 GB · last 6.8 GB", or why there is nothing to say. */
export function trendSummary(points: TrendPoint[], key: Measure, format: (n: number) => string): string {
  const values = points.map((p) => p[key]).filter((v): v is number => v !== null);
  if (!values.length) return 'no figures yet';
  return `min ${format(Math.min(...values))} · median ${format(median(values))} · last ${format(values.at(-1)!)}`;
}

let loading: Promise<typeof uPlot> | null = null;
const loadUPlot = () =>
  (loading ??= Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([m]) => m.default));

function TrendChart({ points, series }: { points: TrendPoint[]; series: (typeof SERIES)[number] }) {
  const box = useRef<HTMLDivElement>(null);
  const summary = trendSummary(points, series.key, series.format);
  useEffect(() => {
    let chart: uPlot | null = null;
    let gone = false;
    const resize = new ResizeObserver(() => chart?.setSize({ width: box.current!.clientWidth, height: 120 }));
    void loadUPlot().then((UPlot) => {
      if (gone || !box.current) return;
      const format = (v: number | null) => (v === null ? '–' : series.format(v));
      chart = new UPlot(
        {
          width: box.current.clientWidth,
          height: 120,
          legend: { show: false },
          cursor: { drag: { x: false, y: false } },
          scales: { y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] } },
          axes: [{ size: 30, space: 56, values: (_u, splits, _axis, _space, step) => timeTicks(splits, step) }, { size: 74, values: (_u, splits) => splits.map(format), ...(series.steps && { incrs: series.steps }) }],
          series: [{ value: (_u, v) => (v === null ? '–' : formatTime(new Date(v * 1000).toISOString())) }, { label: series.title, stroke: '#2457c5', width: 2, points: { show: true, size: 5 }, value: (_u, v) => format(v) }],
        },
        [points.map(at), points.map((p) => p[series.key])],
        box.current,
      );
      resize.observe(box.current);
    });
    return () => {
      gone = true;
      resize.disconnect();
      chart?.destroy();
    };
  }, [points]);
  return (
    <figure class="trend" data-trend={series.key}>
      <figcaption>
        <strong>{series.title}</strong> <span class="muted trend-summary">{summary}</span>
      </figcaption>
      <div class="trend-chart" ref={box} role="img" aria-label={`${series.title} over the last ${points.length} ${points.length === 1 ? 'job' : 'jobs'}: ${summary}`} />
    </figure>
  );
}

const columns: Column<TrendPoint>[] = [
  { key: 'startedAt', label: 'Started', value: (p) => p.startedAt ?? p.receivedAt, render: (p) => formatTime(p.startedAt ?? p.receivedAt) },
  { key: 'cometStatus', label: 'Job status', value: (p) => p.cometStatus ?? p.jobStatus ?? '' },
  ...SERIES.map((s) => ({ key: s.key, label: s.title, value: (p: TrendPoint) => p[s.key], render: (p: TrendPoint) => (p[s.key] === null ? '–' : s.format(p[s.key]!)) })),
];

export function JobTrends({ points }: { points: TrendPoint[] }) {
  // uPlot wants its times in order.
  const sorted = useMemo(() => [...points].sort((a, b) => at(a) - at(b)), [points]);
  if (!sorted.length) return <p class="muted">No backup job yet: the trends start with the first one.</p>;
  return (
    <div class="trends">
      <div class="trend-grid">
        {SERIES.map((s) => (
          <TrendChart key={s.key} points={sorted} series={s} />
        ))}
      </div>
      <details class="trend-table">
        <summary>The {sorted.length === 1 ? 'job' : `${sorted.length} jobs`} as a table</summary>
        <Table id="comet-trends" columns={columns} rows={[...sorted].reverse()} rowKey={(p) => p.jobId} />
      </details>
    </div>
  );
}

/** The trends of a check (GET /checks/{id}/trends), read again when its newest job changes. */
export function CheckTrends({ checkId, lastJobId }: { checkId: number; lastJobId: number }) {
  const [points, setPoints] = useState<TrendPoint[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<{ items: TrendPoint[] }>('GET', `/checks/${checkId}/trends?limit=60`).then((t) => {
      setPoints(t.items);
      setError(null);
    }, setError);
  }, [checkId, lastJobId]);
  return (
    <div>
      <h3>Backup trends</h3>
      <ErrorNote error={error} />
      {points ? <JobTrends points={points} /> : !error && <p class="loading">Loading…</p>}
    </div>
  );
}
