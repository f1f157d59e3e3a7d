import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Mode, runLoad } from './load.js';
import { cometReport } from './reports.js';
import { checkCounts, createApiKey, createChecks, cpuSeconds, cpuSplit, peakRssMiB, resetPeakRss, startServer, storedMessages, threadCpuSeconds } from './server.js';
import { formatSchedulerTable, runSchedulerBench } from './scheduler.js';
import { formatTable, type ModeResult } from './stats.js';

const USAGE = `usage: npm run bench -- [--suite all|smtp|scheduler] [--messages N] [--checks K] [--discover] [--concurrency C] [--mode reuse|fresh|both] [--size BYTES] [--server-cpu-prof DIR] [--scheduled S]

smtp: starts the server on a temporary data dir, creates K Comet-style checks, sends N reports
over SMTP to the bare inbox and prints throughput, DATA-to-250 latency and the server's peak RSS.
With --discover no check is created: the K protected items are discovered from their first reports.
Concurrency defaults to 16 connections with reuse and 64 in flight with one message per connection.
scheduler: times one scheduler tick over S scheduled checks (default 100000) with 0, 100 and 10000 due.`;

const DEFAULT_CONCURRENCY: Record<Mode, number> = { reuse: 16, fresh: 64 };

function options() {
  const { values } = parseArgs({
    options: {
      messages: { type: 'string', default: '10000' },
      checks: { type: 'string', default: '1000' },
      concurrency: { type: 'string' },
      mode: { type: 'string', default: 'both' },
      size: { type: 'string', default: '4096' },
      'server-cpu-prof': { type: 'string' },
      suite: { type: 'string', default: 'all' },
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
  if (!['reuse', 'fresh', 'both'].includes(values.mode)) throw new Error(`--mode must be reuse, fresh or both, not ${values.mode}`);
  if (!['all', 'smtp', 'scheduler'].includes(values.suite)) throw new Error(`--suite must be all, smtp or scheduler, not ${values.suite}`);
  return {
    messages: count('messages', values.messages, 1),
    checks: count('checks', values.checks, 1),
    concurrency: values.concurrency === undefined ? null : count('concurrency', values.concurrency, 1),
    modes: (values.mode === 'both' ? ['reuse', 'fresh'] : [values.mode]) as Mode[],
    size: count('size', values.size, 512),
    cpuProfDir: values['server-cpu-prof'],
    suite: values.suite,
    scheduled: count('scheduled', values.scheduled, 1),
    discover: values.discover,
  };
}

function machine(): string {
  const cpus = os.cpus();
  const gib = (os.totalmem() / 2 ** 30).toFixed(1);
  return `machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${gib} GiB RAM, node ${process.version}, ${os.type()} ${os.release()}`;
}

async function main() {
  const opts = options();
  console.log(machine());
  if (opts.suite !== 'scheduler') await smtpSuite(opts);
  if (opts.suite !== 'smtp') console.log(`\n${formatSchedulerTable(opts.scheduled, await runSchedulerBench(opts.scheduled, console.log))}`);
}

async function smtpSuite(opts: ReturnType<typeof options>) {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'backwatch-bench-'));
  const nodeArgs = opts.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(opts.cpuProfDir)] : [];
  const server = await startServer(dataDir, nodeArgs);
  const results: ModeResult[] = [];
  try {
    const key = await createApiKey(server.env);
    const started = performance.now();
    if (opts.discover) console.log(`server pid ${server.pid}, data dir ${dataDir}; no checks: ${opts.checks} protected items to discover`);
    else {
      await createChecks(server.baseUrl, key, opts.checks);
      console.log(`server pid ${server.pid}, data dir ${dataDir}; ${opts.checks} checks created in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }

    for (const mode of opts.modes) {
      const concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY[mode];
      const runId = `${mode}-${Date.now().toString(36)}`;
      const messages = Array.from({ length: opts.messages }, (_, n) => cometReport(n, opts.checks, opts.size, runId).raw);
      const storedBefore = storedMessages(dataDir);
      const peakReset = resetPeakRss(server.pid);
      const cpuBefore = cpuSeconds(server.pid);
      const threadsBefore = threadCpuSeconds(server.pid);
      const clientCpu = process.cpuUsage();
      console.log(`${mode}: sending ${messages.length} messages of ${Buffer.byteLength(messages[0]!)} bytes over ${concurrency} connections…`);

      const load = await runLoad(mode, server.smtpPort, messages, concurrency);

      const client = process.cpuUsage(clientCpu);
      const cpuAfter = cpuSeconds(server.pid);
      const threads = cpuSplit(server.pid, threadsBefore, threadCpuSeconds(server.pid));
      const result: ModeResult = {
        mode: peakReset ? mode : `${mode} (peak since start)`,
        messages: messages.length,
        concurrency,
        checks: opts.checks,
        ...load,
        stored: storedMessages(dataDir) - storedBefore,
        peakRssMiB: peakRssMiB(server.pid),
        serverCpuS: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
        threads,
        clientCpuS: (client.user + client.system) / 1e6,
      };
      results.push(result);
      for (const sample of load.errorSamples) console.log(`  error: ${sample}`);
      if (opts.discover) {
        const counts = checkCounts(dataDir);
        console.log(`  checks now: ${counts.all} (${counts.discovered} discovered)`);
        if (counts.discovered !== Math.min(opts.checks, opts.messages)) {
          console.error(`  expected ${Math.min(opts.checks, opts.messages)} discovered checks`);
          process.exitCode = 1;
        }
      }
    }
  } finally {
    await server.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
  console.log(`\n${formatTable(results)}`);
  if (results.some((r) => r.stored !== r.acknowledged)) {
    console.error('\nstored != acknowledged: a 250 was given for a message that is not in the database');
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
