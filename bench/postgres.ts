import crypto from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { redactUrl } from '../src/db/postgres.js';
import { cpuSeconds } from './server.js';

/** A database of its own for one benchmark server set, on the PostgreSQL server that `serverUrl` reaches. */
export interface BenchDatabase {
  name: string;
  url: string;
  create(): Promise<void>;
  /** Also when something still holds connections to it (a server that did not stop). */
  drop(): Promise<void>;
}

async function onServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (e) {
    throw new Error(`PostgreSQL at ${redactUrl(serverUrl)} cannot be reached (${(e as Error).message}); point --pg-url at one`);
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Its version, which also tells early whether the server can be reached. */
export async function postgresVersion(serverUrl: string): Promise<string> {
  return onServer(serverUrl, async (c) => (await c.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version);
}

/** Named before it exists, so that its drop can be registered before CREATE DATABASE runs. */
export function benchDatabase(serverUrl: string): BenchDatabase {
  const name = `backwatch_bench_${crypto.randomBytes(5).toString('hex')}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    create: () => onServer(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`)).then(() => {}),
    drop: () => onServer(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}

/**
 * CPU seconds of every process named postgres on this machine (null when none
 * is visible: a server elsewhere, or in another pid namespace). The children
 * they have reaped count too: a backend that ended between two readings (a
 * connection a pool dropped) is then in the postmaster's figure instead of in
 * neither. Every database on that server counts, not only the bench's.
 */
export function postgresCpuSeconds(): number | null {
  let total: number | null = null;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid) || readComm(pid) !== 'postgres') continue;
    const cpu = cpuSeconds(Number(pid), { reapedChildren: true });
    if (cpu !== null) total = (total ?? 0) + cpu;
  }
  return total;
}

function readComm(pid: string): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trimEnd();
  } catch {
    return null;
  }
}
