import fs from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Db } from './database.js';
import type { Database } from './schema.js';

export interface PostgresConfig {
  url: string;
  pool: number;
  tls: 'off' | 'require' | 'verify';
  tlsCaFile?: string;
}

const INT8 = 20;
const NUMERIC = 1700;

// Ids, count(*) and sums come back as int8 or numeric, which pg gives as strings to keep
// precision; ours (row ids, byte sizes) stay far below 2^53, and the code reads numbers,
// as it does from SQLite. Per pool, so that nothing else in the process is affected.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (value: string) => (value === null ? null : Number(value));
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

export function postgresPoolConfig(config: PostgresConfig): pg.PoolConfig {
  const ssl =
    config.tls === 'off'
      ? undefined
      : config.tls === 'require'
        ? { rejectUnauthorized: false }
        : { rejectUnauthorized: true, ...(config.tlsCaFile ? { ca: fs.readFileSync(config.tlsCaFile, 'utf8') } : {}) };
  return { connectionString: config.url, max: config.pool, ssl, types, application_name: 'backwatch' };
}

// The same few dozen statements run for every report. Named, PostgreSQL parses each once per
// connection instead of at every run; statement texts past this many (lists of varying length)
// stay unnamed, so that no connection collects statements without end.
const MAX_NAMED = 1000;
const names = new Map<string, string>();

function statementName(text: string): string | undefined {
  let name = names.get(text);
  if (!name && names.size < MAX_NAMED) names.set(text, (name = `bw${names.size + 1}`));
  return name;
}

function namingStatements(client: pg.PoolClient) {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (text: unknown, values?: unknown[]) => {
    const name = typeof text === 'string' && Array.isArray(values) && values.length ? statementName(text) : undefined;
    return name ? query({ name, text, values }) : query(text, values);
  };
}

/** Kysely on a pool of connections to PostgreSQL. */
export function openPostgres(config: PostgresConfig): Db {
  const pool = new pg.Pool(postgresPoolConfig(config));
  // An idle connection that the server drops (a restart, a failover) must not take the process with it.
  pool.on('error', () => {});
  pool.on('connect', namingStatements);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** The URL with its password hidden, for logs and the About page. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}
