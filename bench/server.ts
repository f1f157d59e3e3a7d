import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { parseConfig } from '../src/config/config.js';
import { openDatabase } from '../src/db/engine.js';
import { projectRoot } from '../src/shared/version.js';

const ROOT = projectRoot();
const MAIN = path.join(ROOT, 'dist/src/main.js');

/**
 * The arguments `npm start` gives node (its flags, the compiled entry point, serve): the benchmarks
 * and the tests that need the service in a process of its own start it exactly so.
 */
export function startCommand(): string[] {
  const start: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.start;
  const [node, ...args] = start.split(/\s+/);
  if (node !== 'node') throw new Error(`npm start is not a node command: ${start}`);
  return args;
}

export interface BenchServer {
  pid: number;
  dataDir: string;
  smtpPort: number;
  baseUrl: string;
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Runs `npm start`'s command with node directly (not through npm) so its pid is the server's own.
 * `extraEnv` overrides the environment it inherits (a variable set to undefined is left out).
 */
export async function startServer(dataDir: string, nodeArgs: string[] = [], extraEnv: NodeJS.ProcessEnv = {}): Promise<BenchServer> {
  const [smtpPort, httpPort] = [await freePort(), await freePort()];
  const env = {
    ...process.env,
    ...extraEnv,
    BACKWATCH_DATA_DIR: dataDir,
    BACKWATCH_SMTP_PORT: String(smtpPort),
    BACKWATCH_HTTP_PORT: String(httpPort),
    BACKWATCH_LOG_LEVEL: 'warn',
  };
  const child = spawn(process.execPath, [...nodeArgs, ...startCommand()], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${httpPort}/api/v1`;
  try {
    await waitForHealth(baseUrl, child);
  } catch (e) {
    await stop(child, exited);
    throw e;
  }
  return { pid: child.pid!, dataDir, smtpPort, baseUrl, env, stop: () => stop(child, exited) };
}

async function waitForHealth(baseUrl: string, child: ChildProcess, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode} before it was healthy`);
    const ok = await fetch(`${baseUrl}/health`).then((r) => r.status === 200, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server not healthy after ${timeoutMs} ms`);
}

async function stop(child: ChildProcess, exited: Promise<void>) {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(killer);
}

/** `apikey create --json` prints `{"key": …}` as its last line. */
export async function createApiKey(env: NodeJS.ProcessEnv): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [MAIN, 'apikey', 'create', '--name', 'bench', '--json'], { env });
  return (JSON.parse(stdout.trim().split('\n').at(-1)!) as { key: string }).key;
}

/** The CheckCentral guide's Comet check: subject names the protected item, body the vault. */
export function cometCheck(i: number) {
  return {
    name: `user${i}: Item${i}`,
    matching: {
      mode: 'all',
      rules: [
        { field: 'subject', operator: 'contains', value: `"Item${i}"` },
        { field: 'body', operator: 'contains', value: `Vault ${i}` },
      ],
    },
    status: {
      default: 'failure',
      success: { rules: [{ field: 'subject', operator: 'contains', value: 'Success' }] },
      warning: { rules: [{ field: 'subject', operator: 'contains', value: 'Warning' }] },
    },
  };
}

export async function createChecks(baseUrl: string, key: string, count: number, parallel = 8): Promise<void> {
  let next = 1;
  const worker = async () => {
    for (let i = next++; i <= count; i = next++) {
      const res = await fetch(`${baseUrl}/checks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(cometCheck(i)),
      });
      if (res.status !== 201) throw new Error(`creating check ${i}: HTTP ${res.status} ${await res.text()}`);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

/** Read straight from the server's database, since paging 10k messages through the API would dominate the run. */
async function query<T>(env: NodeJS.ProcessEnv, text: string): Promise<T> {
  const db = openDatabase(parseConfig(env).database);
  try {
    return (await sql<T>`${sql.raw(text)}`.execute(db)).rows[0]!;
  } finally {
    await db.destroy();
  }
}

export async function storedMessages(env: NodeJS.ProcessEnv): Promise<number> {
  return (await query<{ n: number }>(env, 'select count(*) as n from messages')).n;
}

/** Checks in the database, and how many of them discovery made (of any report format). */
export async function checkCounts(env: NodeJS.ProcessEnv): Promise<{ all: number; discovered: number }> {
  const row = await query<{ n: number; d: number }>(env, "select count(*) as n, count(case when origin <> 'manual' then 1 end) as d from checks");
  return { all: row.n, discovered: row.d };
}

/** Linux only: VmHWM is the process's peak resident set; writing 5 to clear_refs resets it. */
export function peakRssMiB(pid: number): number | null {
  const match = /^VmHWM:\s+(\d+) kB/m.exec(readProc(pid, 'status') ?? '');
  return match ? Number(match[1]) / 1024 : null;
}

export function resetPeakRss(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

// USER_HZ is 100 on every Linux architecture Node runs on.
const CLOCK_TICKS = 100;

const statCpu = (stat: string, reapedChildren = false) => {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const own = Number(fields[11]) + Number(fields[12]);
  return (reapedChildren ? own + Number(fields[13]) + Number(fields[14]) : own) / CLOCK_TICKS;
};

/**
 * User plus system CPU seconds the process has used so far (fields 14 and 15 of /proc/<pid>/stat);
 * with `reapedChildren`, plus those of its children that have ended and been waited for (16 and 17).
 */
export function cpuSeconds(pid: number, options: { reapedChildren?: boolean } = {}): number | null {
  const stat = readProc(pid, 'stat');
  return stat ? statCpu(stat, options.reapedChildren) : null;
}

/** CPU seconds per thread of the process so far, by thread id (the main thread's is the pid). */
export function threadCpuSeconds(pid: number): Map<number, number> {
  const threads = new Map<number, number>();
  let tids: string[] = [];
  try {
    tids = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return threads;
  }
  for (const tid of tids) {
    const stat = readProc(pid, `task/${tid}/stat`);
    if (stat) threads.set(Number(tid), statCpu(stat));
  }
  return threads;
}

/**
 * Where the server's CPU went between two readings: its main thread, its
 * busiest other thread (on SQLite the database thread, under an ingestion load),
 * and the rest (garbage collection helpers, the thread pool).
 */
export function cpuSplit(pid: number, before: Map<number, number>, after: Map<number, number>) {
  const used = [...after].map(([tid, s]) => [tid, s - (before.get(tid) ?? 0)] as const);
  const main = used.find(([tid]) => tid === pid)?.[1] ?? 0;
  const others = used.filter(([tid]) => tid !== pid).sort((a, b) => b[1] - a[1]);
  const database = others[0]?.[1] ?? 0;
  const rest = others.slice(1).reduce((sum, [, s]) => sum + s, 0);
  return { main, database, rest };
}

function readProc(pid: number, file: string): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return null;
  }
}
