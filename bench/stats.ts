import type { Engine } from '../src/db/dialect.js';

/** Nearest-rank percentile of already sorted values (0 when there are none). */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export interface ModeResult {
  mode: string;
  engine: Engine;
  messages: number;
  concurrency: number;
  checks: number;
  elapsedS: number;
  latenciesMs: number[];
  errors: number;
  errorSamples: string[];
  acknowledged: number;
  stored: number;
  /** The largest of the nodes' peaks. */
  peakRssMiB: number | null;
  /** Each node's, when there are several. */
  nodePeakRssMiB: (number | null)[];
  /** Summed over the nodes, as are the threads. */
  serverCpuS: number | null;
  /** CPU seconds of the server's main thread, its busiest other thread (SQLite: the database thread) and the rest. */
  threads: { main: number; database: number; rest: number };
  /** Of every postgres process on the machine (PostgreSQL only; null when none can be seen). */
  postgresCpuS?: number | null;
  clientCpuS: number;
}

const mib = (n: number | null) => (n === null ? 'n/a' : n.toFixed(1));

// Without the SQLite database thread, a server's busiest other thread is a garbage collector's or the thread pool's.
const busiestThread = (r: ModeResult) => (r.engine === 'sqlite' ? 'database thread' : 'busiest other thread');

const fixed = (n: number, digits: number) => n.toFixed(digits);

const perMessageMs = (r: ModeResult, seconds: number | null | undefined) => (seconds == null ? 'n/a' : fixed((1000 * seconds) / r.messages, 3));

function rowsOf(r: ModeResult): [string, string][] {
  const sorted = [...r.latenciesMs].sort((a, b) => a - b);
  const rows: ([string, string] | false)[] = [
    ['messages', String(r.messages)],
    ['connections (paced: offered/s)', String(r.concurrency)],
    ['checks', String(r.checks)],
    ['elapsed s', fixed(r.elapsedS, 2)],
    ['messages/s', fixed(r.acknowledged / r.elapsedS, 0)],
    ['p50 ms (DATA end → 250)', fixed(percentile(sorted, 50), 2)],
    ['p99 ms', fixed(percentile(sorted, 99), 2)],
    ['max ms', fixed(sorted.at(-1) ?? 0, 2)],
    ['errors (non-250)', String(r.errors)],
    ['server peak RSS MiB', mib(r.peakRssMiB)],
    r.nodePeakRssMiB.length > 1 && ['  each node', r.nodePeakRssMiB.map(mib).join(' / ')],
    ['server CPU s (user+sys)', r.serverCpuS === null ? 'n/a' : fixed(r.serverCpuS, 2)],
    ['  ms per message: main', perMessageMs(r, r.threads.main)],
    [`  ${busiestThread(r)}`, perMessageMs(r, r.threads.database)],
    ['  other threads', perMessageMs(r, r.threads.rest)],
    r.postgresCpuS !== undefined && ['postgres CPU ms per message', perMessageMs(r, r.postgresCpuS)],
    ['bench client CPU s', fixed(r.clientCpuS, 2)],
    ['stored == acknowledged', `${r.stored === r.acknowledged ? 'yes' : 'NO'} (${r.stored} / ${r.acknowledged})`],
  ];
  return rows.filter((row) => row !== false);
}

/** One column per mode, one row per figure, so modes compare side by side. */
export function formatTable(results: ModeResult[]): string {
  const columns = results.map(rowsOf);
  const labels = columns[0]?.map(([label]) => label) ?? [];
  const header = ['', ...results.map((r) => r.mode)];
  const body = labels.map((label, i) => [label, ...columns.map((c) => c[i]![1])]);
  const widths = header.map((_, col) => Math.max(...[header, ...body].map((row) => row[col]!.length)));
  const line = (row: string[]) => row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** CPU per message with few checks and with many: the cost of a large catalog. */
export function formatScaleTable(results: ModeResult[]): string {
  const perMessage = (r: ModeResult) => (1000 * (r.threads.main + r.threads.database + r.threads.rest)) / r.messages;
  const base = results[0] ? perMessage(results[0]) : 1;
  const postgres = results[0]?.postgresCpuS !== undefined;
  const rows = [
    [
      'checks',
      'messages/s',
      'server CPU ms/message',
      'main',
      results[0] ? busiestThread(results[0]) : '',
      'other',
      `× the ${results[0]?.checks ?? ''} checks' cost`,
      ...(postgres ? ['postgres CPU ms/message'] : []),
    ],
    ...results.map((r) => [
      String(r.checks),
      fixed(r.acknowledged / r.elapsedS, 0),
      fixed(perMessage(r), 3),
      perMessageMs(r, r.threads.main),
      perMessageMs(r, r.threads.database),
      perMessageMs(r, r.threads.rest),
      fixed(perMessage(r) / base, 2),
      ...(postgres ? [perMessageMs(r, r.postgresCpuS)] : []),
    ]),
  ];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  return rows.map((row) => row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join('  ')).join('\n');
}
