import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { redactUrl } from '../src/db/postgres.js';
import { type LoadOutcome, runLoad, runPaced } from './load.js';
import { benchDatabase, postgresCpuSeconds, postgresVersion } from './postgres.js';
import { cometReport, formatFixtureReports } from './reports.js';
import { SmtpClient } from './smtp-client.js';
import { type BenchServer, checkCounts, createApiKey, createChecks, cpuSeconds, cpuSplit, peakRssMiB, resetPeakRss, startServer, storedMessages, threadCpuSeconds } from './server.js';
import { formatSchedulerTable, runSchedulerBench } from './scheduler.js';
import { formatScaleTable, formatTable, type ModeResult } from './stats.js';

const LOADS = ['reuse', 'one', 'fresh', 'paced'] as const;
type Load = (typeof LOADS)[number];
const ENGINES = ['sqlite', 'postgres'] as const;
const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

const USAGE = `usage: npm run bench -- [--suite all|smtp|scale|scheduler] [--loads reuse,one,fresh,paced] [--messages N]
       [--checks K] [--discover] [--reuse-connections C] [--fresh-connections C] [--rate R] [--warmup N]
       [--size BYTES] [--reports comet|formats] [--server-cpu-prof DIR] [--scale-checks A,B] [--scheduled S]
       [--engine sqlite|postgres] [--pg-url URL] [--nodes N]

smtp: starts the server on a temporary data dir with K Comet-style checks (or none with --discover, to be
  discovered from the reports), sends N reports over SMTP to the bare inbox per load, and prints throughput,
  DATA-to-250 latency, CPU per message by thread and the server's peak RSS. Loads:
    reuse  C connections (default 20), each sending report after report, spread over the K checks
    one    the same, every report for one check (its history grows with every report)
    fresh  one report per connection, C connections in flight (default 200)
    paced  reports offered at R per second (default 500) whatever the answers, on as many connections as needed
  A warm-up of N reports (default 2000) runs first and is not counted.
  --reports formats sends the report-format fixtures (test/fixtures/formats: Veeam, Proxmox, PBS, Duplicati,
  UrBackup, Synology, Acronis, cron) in turn instead of Comet reports: every format read, with --discover their
  checks discovered.
scale: the reuse load against a server with A checks, then one with B (default 10,10000): CPU per message.
scheduler: times one scheduler tick over S scheduled checks (default 100000) with 0, 100 and 10000 due.
engine: sqlite (default) keeps each server's database in its data dir. postgres makes a database
  backwatch_bench_<random> for each server set (and for the scheduler suite) on the PostgreSQL server of
  --pg-url (default ${DEFAULT_PG_URL}; its role must be allowed to CREATE DATABASE),
  gives the servers one random BACKWATCH_SECRET_KEY, and drops the database after, also on failure or Ctrl-C.
  It adds "postgres CPU ms per message": the CPU of every postgres process on this machine during the load
  (all of that server's databases count).
nodes: N servers on the one database (postgres only), each with its own data dir and ports. The checks are made
  through the first; every load gives its connections to the nodes in turn. Server CPU is summed over the nodes,
  peak RSS is the largest node's (then each node's). The scheduler suite runs in this process whatever N.`;

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
      reports: { type: 'string', default: 'comet' },
      engine: { type: 'string', default: 'sqlite' },
      'pg-url': { type: 'string', default: DEFAULT_PG_URL },
      nodes: { type: 'string', default: '1' },
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
  const engine = values.engine as (typeof ENGINES)[number];
  if (!ENGINES.includes(engine)) throw new Error(`--engine must be sqlite or postgres, not ${values.engine}`);
  const nodes = count('nodes', values.nodes, 1);
  if (values.reports !== 'comet' && values.reports !== 'formats') throw new Error(`--reports must be comet or formats, not ${values.reports}`);
  if (nodes > 1 && engine !== 'postgres') throw new Error('--nodes above 1 needs --engine postgres: on SQLite the database is one process\'s file');
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
    reports: values.reports as 'comet' | 'formats',
    engine,
    pgUrl: values['pg-url'],
    nodes,
    // One for the run: every node of a shared database must have the same.
    secretKey: crypto.randomBytes(32).toString('base64'),
  };
}

type Options = ReturnType<typeof options>;

function machine(): string {
  const cpus = os.cpus();
  const gib = (os.totalmem() / 2 ** 30).toFixed(1);
  return `machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${gib} GiB RAM, node ${process.version}, ${os.type()} ${os.release()}`;
}

async function engineLine(opts: Options): Promise<string> {
  if (opts.engine === 'sqlite') return `engine: sqlite, nodes: ${opts.nodes}`;
  return `engine: postgres ${await postgresVersion(opts.pgUrl)} at ${redactUrl(opts.pgUrl)}, nodes: ${opts.nodes}`;
}

async function main() {
  const opts = options();
  console.log(machine());
  console.log(await engineLine(opts));
  if (opts.suite === 'all' || opts.suite === 'smtp') {
    const results = await withServers(opts, opts.discover ? 0 : opts.checks, (servers) => smtpLoads(opts, servers));
    console.log(`\n${formatTable(results)}`);
    if (results.some((r) => r.stored !== r.acknowledged)) {
      console.error('\nstored != acknowledged: a 250 was given for a message that is not in the database');
      process.exitCode = 1;
    }
  }
  if (opts.suite === 'all' || opts.suite === 'scale') {
    const results: ModeResult[] = [];
    for (const checks of opts.scale) {
      results.push(...(await withServers(opts, checks, (servers) => smtpLoads({ ...opts, checks, loads: ['reuse'] }, servers, `reuse, ${checks} checks`))));
    }
    console.log(`\n${formatScaleTable(results)}`);
  }
  if (opts.suite === 'all' || opts.suite === 'scheduler') {
    const figures = await withEngine(opts, (engineEnv) => runSchedulerBench(opts.scheduled, console.log, engineEnv));
    console.log(`\n${formatSchedulerTable(opts.scheduled, figures)}`);
  }
}

// What an interrupted run must still undo (servers to stop, databases to drop), newest first.
const pending = new Set<() => Promise<void>>();

/** Runs `work`, then `cleanup` whatever happens, also when the run is interrupted meanwhile. */
async function guarded<T>(cleanup: () => Promise<void>, work: () => Promise<T>): Promise<T> {
  let done: Promise<void> | undefined;
  // Once only: an interruption may start it while `work` is still unwinding towards the finally.
  const once = () => (done ??= cleanup());
  pending.add(once);
  try {
    return await work();
  } finally {
    pending.delete(once);
    await once();
  }
}

async function interrupted(signal: NodeJS.Signals) {
  console.error(`\n${signal}: stopping the servers and dropping the bench databases…`);
  for (const cleanup of [...pending].reverse()) await cleanup().catch((err: Error) => console.error(err.message));
  process.exit(130);
}

/**
 * The variables that point a server at the run's engine: SQLite in its data dir, or a
 * database made for this server set alone on PostgreSQL; `where` names it for the log.
 */
async function withEngine<T>(opts: Options, work: (engineEnv: NodeJS.ProcessEnv, where: string) => Promise<T>): Promise<T> {
  // An inherited BACKWATCH_DATABASE_URL must not turn a SQLite run into a PostgreSQL one.
  if (opts.engine === 'sqlite') return work({ BACKWATCH_DATABASE_URL: undefined }, '');
  const database = benchDatabase(opts.pgUrl);
  return guarded(database.drop, async () => {
    await database.create();
    return work({ BACKWATCH_DATABASE_URL: database.url, BACKWATCH_SECRET_KEY: opts.secretKey }, `, database ${database.name}`);
  });
}

/** `opts.nodes` servers on one fresh database with `checks` Comet checks made over the first one's API. */
async function withServers<T>(opts: Options, checks: number, work: (servers: BenchServer[]) => Promise<T>): Promise<T> {
  const nodeArgs = opts.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(opts.cpuProfDir)] : [];
  return withEngine(opts, (engineEnv, where) =>
    withNodes(opts.nodes, nodeArgs, engineEnv, [], async (servers) => {
      const first = servers[0]!;
      const started = performance.now();
      if (checks) await createChecks(first.baseUrl, await createApiKey(first.env), checks);
      console.log(`${describe(servers)}${where}; ${checks ? `${checks} checks created in ${((performance.now() - started) / 1000).toFixed(1)} s` : `no checks: ${opts.checks} protected items to discover`}`);
      return work(servers);
    }),
  );
}

/** Starts the nodes one after another (the first one migrates the database), each on a temporary data dir of its own. */
async function withNodes<T>(count: number, nodeArgs: string[], engineEnv: NodeJS.ProcessEnv, started: BenchServer[], work: (servers: BenchServer[]) => Promise<T>): Promise<T> {
  if (started.length === count) return work(started);
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'backwatch-bench-'));
  let server: BenchServer | undefined;
  const cleanup = async () => {
    await server?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  };
  return guarded(cleanup, async () => {
    server = await startServer(dataDir, nodeArgs, engineEnv);
    return withNodes(count, nodeArgs, engineEnv, [...started, server], work);
  });
}

function describe(servers: BenchServer[]): string {
  if (servers.length === 1) return `server pid ${servers[0]!.pid}, data dir ${servers[0]!.dataDir}`;
  return `server pids ${servers.map((s) => s.pid).join(', ')}, data dirs ${servers.map((s) => s.dataDir).join(', ')}`;
}

async function smtpLoads(opts: Options, servers: BenchServer[], label?: string): Promise<ModeResult[]> {
  const ports = servers.map((s) => s.smtpPort);
  const fixtures = opts.reports === 'formats' ? formatFixtureReports().map((raw) => SmtpClient.prepare(raw)) : [];
  const reports = (count: number, run: string, only?: number) =>
    Array.from({ length: count }, (_, n) => (fixtures.length ? fixtures[n % fixtures.length]! : SmtpClient.prepare(cometReport(n, opts.checks, opts.size, run, only).raw)));
  if (opts.warmup) {
    console.log(`warm-up: ${opts.warmup} reports, not counted…`);
    await runLoad('reuse', ports, reports(opts.warmup, `warmup-${Date.now().toString(36)}`), opts.reuseConnections);
  }
  const results: ModeResult[] = [];
  for (const load of opts.loads) {
    const run = `${load}-${Date.now().toString(36)}`;
    const messages = reports(opts.messages, run, load === 'one' ? 1 : undefined);
    const connections = load === 'fresh' ? opts.freshConnections : opts.reuseConnections;
    const what =
      load === 'paced' ? `offered at ${opts.rate}/s` : load === 'fresh' ? `one per connection, ${connections} in flight` : `over ${connections} connections${load === 'one' ? ', all for one check' : ''}`;
    console.log(`${load}: ${messages.length} reports of ${messages[0]!.length} bytes ${what}…`);
    const measured = await measure(opts, servers, () =>
      load === 'paced' ? runPaced(ports, messages, opts.rate, 200) : runLoad(load === 'fresh' ? 'fresh' : 'reuse', ports, messages, connections),
    );
    const result: ModeResult = { mode: label ?? load, engine: opts.engine, messages: messages.length, concurrency: load === 'paced' ? opts.rate : connections, checks: opts.checks, ...measured };
    results.push(result);
    for (const sample of result.errorSamples) console.log(`  error: ${sample}`);
    if (opts.discover) {
      const counts = await checkCounts(servers[0]!.env);
      console.log(`  checks now: ${counts.all} (${counts.discovered} discovered)`);
    }
  }
  return results;
}

/** The sum, or null when any is unknown. */
const total = (values: (number | null)[]) => (values.includes(null) ? null : (values as number[]).reduce((a, b) => a + b, 0));
const largest = (values: (number | null)[]) => (values.includes(null) ? null : Math.max(...(values as number[])));
const difference = (before: number | null, after: number | null) => (before === null || after === null ? null : after - before);

/**
 * Runs a load and reads what the servers spent on it (CPU by thread, summed over the nodes; peak memory of
 * each), what PostgreSQL spent, and the messages stored in their database.
 */
async function measure(opts: Options, servers: BenchServer[], load: () => Promise<LoadOutcome>) {
  const database = servers[0]!.env;
  const storedBefore = await storedMessages(database);
  const peakReset = servers.map((s) => resetPeakRss(s.pid));
  const cpuBefore = servers.map((s) => cpuSeconds(s.pid));
  const threadsBefore = servers.map((s) => threadCpuSeconds(s.pid));
  const postgresBefore = opts.engine === 'postgres' ? postgresCpuSeconds() : null;
  const clientCpu = process.cpuUsage();
  const outcome = await load();
  const client = process.cpuUsage(clientCpu);
  const postgresCpuS = opts.engine === 'postgres' ? difference(postgresBefore, postgresCpuSeconds()) : undefined;
  const serverCpuS = total(servers.map((s, i) => difference(cpuBefore[i] ?? null, cpuSeconds(s.pid))));
  const splits = servers.map((s, i) => cpuSplit(s.pid, threadsBefore[i]!, threadCpuSeconds(s.pid)));
  const nodePeakRssMiB = servers.map((s, i) => (peakReset[i] ? peakRssMiB(s.pid) : null));
  return {
    ...outcome,
    stored: (await storedMessages(database)) - storedBefore,
    peakRssMiB: largest(nodePeakRssMiB),
    nodePeakRssMiB,
    serverCpuS,
    threads: splits.reduce((a, b) => ({ main: a.main + b.main, database: a.database + b.database, rest: a.rest + b.rest })),
    postgresCpuS,
    clientCpuS: (client.user + client.system) / 1e6,
  };
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, (s) => void interrupted(s));

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
