import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type LoadOutcome, runLoad, runPaced } from './load.js';
import { cometReport } from './reports.js';
import { SmtpClient } from './smtp-client.js';
import { type BenchServer, checkCounts, createApiKey, createChecks, cpuSeconds, cpuSplit, peakRssMiB, resetPeakRss, startServer, storedMessages, threadCpuSeconds } from './server.js';
import { formatSchedulerTable, runSchedulerBench } from './scheduler.js';
import { formatScaleTable, formatTable, type ModeResult } from './stats.js';

const LOADS = ['reuse', 'one', 'fresh', 'paced'] as const;
type Load = (typeof LOADS)[number];

const USAGE = `usage: npm run bench -- [--suite all|smtp|scale|scheduler] [--loads reuse,one,fresh,paced] [--messages N]
       [--checks K] [--discover] [--reuse-connections C] [--fresh-connections C] [--rate R] [--warmup N]
       [--size BYTES] [--server-cpu-prof DIR] [--scale-checks A,B] [--scheduled S]

smtp: starts the server on a temporary data dir with K Comet-style checks (or none with --discover, to be
  discovered from the reports), sends N reports over SMTP to the bare inbox per load, and prints throughput,
  DATA-to-250 latency, CPU per message by thread and the server's peak RSS. Loads:
    reuse  C connections (default 20), each sending report after report, spread over the K checks
    one    the same, every report for one check (its history grows with every report)
    fresh  one report per connection, C connections in flight (default 200)
    paced  reports offered at R per second (default 500) whatever the answers, on as many connections as needed
  A warm-up of N reports (default 2000) runs first and is not counted.
scale: the reuse load against a server with A checks, then one with B (default 10,10000): CPU per message.
scheduler: times one scheduler tick over S scheduled checks (default 100000) with 0, 100 and 10000 due.`;

function options() {
  const { values } = parseArgs({
    options: {
      messages: { type: 'string', default: '10000' },
      checks: { type: 'string', default: '1000' },
      loads: { type: 'string', default: LOADS.join(',') },
      'reuse-connections': { type: 'string', default: '20' },
      'fresh-connections': { type: 'string', default: '200' },
      rate: { type: 'string', default: '500' },
      warmup: { type: 'string', default: '2000' },
      size: { type: 'string', default: '4096' },
      'server-cpu-prof': { type: 'string' },
      suite: { type: 'string', default: 'all' },
      'scale-checks': { type: 'string', default: '10,10000' },
      scheduled: { type: 'string', default: '100000' },
      discover: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const count = (name: string, raw: string | undefined, min: number) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, not ${raw}`);
    return n;
  };
  const loads = values.loads.split(',').map((l) => l.trim());
  for (const l of loads) if (!LOADS.includes(l as Load)) throw new Error(`--loads takes ${LOADS.join(', ')}, not ${l}`);
  if (!['all', 'smtp', 'scale', 'scheduler'].includes(values.suite)) throw new Error(`--suite must be all, smtp, scale or scheduler, not ${values.suite}`);
  const scale = values['scale-checks'].split(',').map((c) => count('scale-checks', c, 1));
  if (scale.length !== 2) throw new Error('--scale-checks takes two counts, such as 10,10000');
  return {
    messages: count('messages', values.messages, 1),
    checks: count('checks', values.checks, 1),
    loads: loads as Load[],
    reuseConnections: count('reuse-connections', values['reuse-connections'], 1),
    freshConnections: count('fresh-connections', values['fresh-connections'], 1),
    rate: count('rate', values.rate, 1),
    warmup: count('warmup', values.warmup, 0),
    size: count('size', values.size, 512),
    cpuProfDir: values['server-cpu-prof'],
    suite: values.suite,
    scale: scale as [number, number],
    scheduled: count('scheduled', values.scheduled, 1),
    discover: values.discover,
  };
}

type Options = ReturnType<typeof options>;

function machine(): string {
  const cpus = os.cpus();
  const gib = (os.totalmem() / 2 ** 30).toFixed(1);
  return `machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${gib} GiB RAM, node ${process.version}, ${os.type()} ${os.release()}`;
}

async function main() {
  const opts = options();
  console.log(machine());
  if (opts.suite === 'all' || opts.suite === 'smtp') {
    const results = await withServer(opts, opts.discover ? 0 : opts.checks, (server) => smtpLoads(opts, server));
    console.log(`\n${formatTable(results)}`);
    if (results.some((r) => r.stored !== r.acknowledged)) {
      console.error('\nstored != acknowledged: a 250 was given for a message that is not in the database');
      process.exitCode = 1;
    }
  }
  if (opts.suite === 'all' || opts.suite === 'scale') {
    const results: ModeResult[] = [];
    for (const checks of opts.scale) {
      results.push(...(await withServer(opts, checks, (server) => smtpLoads({ ...opts, checks, loads: ['reuse'] }, server, `reuse, ${checks} checks`))));
    }
    console.log(`\n${formatScaleTable(results)}`);
  }
  if (opts.suite === 'all' || opts.suite === 'scheduler') console.log(`\n${formatSchedulerTable(opts.scheduled, await runSchedulerBench(opts.scheduled, console.log))}`);
}

/** A server on a fresh data dir with `checks` Comet checks made over the API. */
async function withServer<T>(opts: Options, checks: number, work: (server: BenchServer) => Promise<T>): Promise<T> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'backwatch-bench-'));
  const nodeArgs = opts.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(opts.cpuProfDir)] : [];
  const server = await startServer(dataDir, nodeArgs);
  try {
    const started = performance.now();
    if (checks) await createChecks(server.baseUrl, await createApiKey(server.env), checks);
    console.log(`server pid ${server.pid}, data dir ${dataDir}; ${checks ? `${checks} checks created in ${((performance.now() - started) / 1000).toFixed(1)} s` : `no checks: ${opts.checks} protected items to discover`}`);
    return await work(server);
  } finally {
    await server.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

async function smtpLoads(opts: Options, server: BenchServer, label?: string): Promise<ModeResult[]> {
  const reports = (count: number, run: string, only?: number) => Array.from({ length: count }, (_, n) => SmtpClient.prepare(cometReport(n, opts.checks, opts.size, run, only).raw));
  if (opts.warmup) {
    console.log(`warm-up: ${opts.warmup} reports, not counted…`);
    await runLoad('reuse', server.smtpPort, reports(opts.warmup, `warmup-${Date.now().toString(36)}`), opts.reuseConnections);
  }
  const results: ModeResult[] = [];
  for (const load of opts.loads) {
    const run = `${load}-${Date.now().toString(36)}`;
    const messages = reports(opts.messages, run, load === 'one' ? 1 : undefined);
    const connections = load === 'fresh' ? opts.freshConnections : opts.reuseConnections;
    const what =
      load === 'paced' ? `offered at ${opts.rate}/s` : load === 'fresh' ? `one per connection, ${connections} in flight` : `over ${connections} connections${load === 'one' ? ', all for one check' : ''}`;
    console.log(`${load}: ${messages.length} reports of ${messages[0]!.length} bytes ${what}…`);
    const measured = await measure(server, () =>
      load === 'paced' ? runPaced(server.smtpPort, messages, opts.rate, 200) : runLoad(load === 'fresh' ? 'fresh' : 'reuse', server.smtpPort, messages, connections),
    );
    const result: ModeResult = { mode: label ?? load, messages: messages.length, concurrency: load === 'paced' ? opts.rate : connections, checks: opts.checks, ...measured };
    results.push(result);
    for (const sample of result.errorSamples) console.log(`  error: ${sample}`);
    if (opts.discover) {
      const counts = await checkCounts(server.env);
      console.log(`  checks now: ${counts.all} (${counts.discovered} discovered)`);
    }
  }
  return results;
}

/** Runs a load and reads what the server spent on it: CPU by thread, peak memory, messages stored. */
async function measure(server: BenchServer, load: () => Promise<LoadOutcome>) {
  const storedBefore = (await storedMessages(server.env));
  const peakReset = resetPeakRss(server.pid);
  const cpuBefore = cpuSeconds(server.pid);
  const threadsBefore = threadCpuSeconds(server.pid);
  const clientCpu = process.cpuUsage();
  const outcome = await load();
  const client = process.cpuUsage(clientCpu);
  const cpuAfter = cpuSeconds(server.pid);
  return {
    ...outcome,
    stored: (await storedMessages(server.env)) - storedBefore,
    peakRssMiB: peakReset ? peakRssMiB(server.pid) : null,
    serverCpuS: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
    threads: cpuSplit(server.pid, threadsBefore, threadCpuSeconds(server.pid)),
    clientCpuS: (client.user + client.system) / 1e6,
  };
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
