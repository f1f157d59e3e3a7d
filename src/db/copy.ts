import fs from 'node:fs';
import type SQLite from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { SECRET_KEY_CHECK, SecretBox } from '../shared/secrets.js';
import { databaseFile, type Db, kyselyOn, openSqliteConnection } from './database.js';
import { migrateToLatest } from './migrator.js';
import { openPostgres, type PostgresConfig } from './postgres.js';

/** The copy was refused, or did not check out; PostgreSQL keeps nothing of it. */
export class CopyError extends Error {}

export interface CopySource {
  dataDir: string;
  /** When given, the copy is refused unless this key opens the secrets sealed in the source. */
  secretKey?: Buffer;
}

export type CopyTarget = Pick<PostgresConfig, 'url'> & Partial<Pick<PostgresConfig, 'tls' | 'tlsCaFile'>>;

export interface CopiedTable {
  name: string;
  rows: number;
}

export interface CopyResult {
  tables: CopiedTable[];
}

interface Table {
  name: string;
  columns: string[];
  /** The primary key's columns, in key order (empty: the table has only its rowid). */
  key: string[];
}

// PostgreSQL numbers bind parameters with 16 bits.
const MAX_PARAMETERS = 65_535;
const MAX_BATCH_ROWS = 1_000;
// Raw messages run to megabytes each, so a batch is also cut by size: memory stays bounded.
const MAX_BATCH_BYTES = 16 * 1024 * 1024;
const PROGRESS_EVERY_ROWS = 100_000;
// Kysely's own bookkeeping is made by the target's migrations; `nodes` holds the heartbeats of the old installation's process, not data.
const notCopied = (name: string) => name.startsWith('kysely_') || name === 'nodes';

/**
 * Copies the SQLite database of an installation into an empty PostgreSQL
 * database: both migrated to the latest schema, the source read in one snapshot
 * (the service may still run), the target written in one transaction with its
 * migrations, so that a failure leaves it as it was.
 */
export async function copySqliteToPostgres(source: CopySource, target: CopyTarget, progress: (line: string) => void = () => {}): Promise<CopyResult> {
  const file = databaseFile(source.dataDir);
  if (!fs.existsSync(file)) throw new CopyError(`no SQLite database at ${file}: set BACKWATCH_DATA_DIR to the data dir of the installation to copy`);
  const sqlite = openSqliteConnection(source.dataDir);
  const sourceDb = kyselyOn(sqlite);
  const pg = openPostgres({ tls: 'off', ...target, pool: 1 });
  try {
    const result = await pg.connection().execute((conn) =>
      inTransaction(conn, async () => {
        await refuseUnlessEmpty(conn);
        await migrateToLatest(sourceDb);
        await migrateToLatest(conn, { inCallerTransaction: true });
        return inSnapshot(sqlite, () => copyTables(sqlite, conn, source.secretKey, progress));
      }),
    );
    await analyze(pg, progress);
    return result;
  } finally {
    await pg.destroy();
    await sourceDb.destroy();
  }
}

async function inTransaction<T>(conn: Db, work: () => Promise<T>): Promise<T> {
  await sql`begin`.execute(conn);
  try {
    const result = await work();
    await sql`commit`.execute(conn);
    return result;
  } catch (e) {
    await sql`rollback`.execute(conn).catch(() => {});
    throw e;
  }
}

/** Runs `work` in one read transaction: every table is read as of the same moment, whatever the service writes meanwhile (WAL). */
async function inSnapshot<T>(sqlite: SQLite.Database, work: () => Promise<T>): Promise<T> {
  sqlite.exec('begin');
  try {
    // A deferred transaction takes its snapshot at its first read.
    sqlite.prepare('select count(*) from sqlite_master').get();
    return await work();
  } finally {
    sqlite.exec('rollback');
  }
}

async function copyTables(sqlite: SQLite.Database, conn: Db, secretKey: Buffer | undefined, progress: (line: string) => void): Promise<CopyResult> {
  if (secretKey) refuseWrongKey(sqlite, secretKey);
  const tables = inDependencyOrder(sqlite, sourceTables(sqlite));
  await refuseDifferentSchemas(conn, tables);
  const copied: CopiedTable[] = [];
  for (const table of tables) copied.push({ name: table.name, rows: await copyTable(sqlite, conn, table, progress) });
  await continueSequences(sqlite, conn, tables);
  await verifyCounts(sqlite, conn, tables);
  return { tables: copied };
}

async function refuseUnlessEmpty(conn: Db): Promise<void> {
  const { rows } = await sql<{ schema: string | null; name: string | null; kind: string | null }>`
    select current_schema() as schema, c.relname as name, c.relkind as kind
    from (select 1) as one
    left join pg_class c on c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
    order by c.relname`.execute(conn);
  const found = rows.filter((r) => r.name !== null);
  if (found.length === 0) return;
  // Sequences only matter when nothing else is there (every serial column has one).
  const tables = found.filter((r) => r.kind !== 'S');
  const named = (tables.length ? tables : found).map((r) => r.name!);
  const installation = named.includes('kysely_migration') ? ' (a backwatch database already)' : '';
  throw new CopyError(
    `the target database is not empty${installation}: its schema "${rows[0]!.schema}" holds ${named.length} ${tables.length ? 'tables' : 'sequences'}: ${named.join(', ')}. ` +
      'Copy into an empty database (e.g. createdb backwatch), or drop these first.',
  );
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

function sourceTables(sqlite: SQLite.Database): Table[] {
  const names = sqlite
    .prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by rowid`)
    .pluck()
    .all() as string[];
  return names
    .filter((name) => !notCopied(name))
    .map((name) => {
      const info = sqlite.pragma(`table_info(${quote(name)})`) as { name: string; pk: number }[];
      const key = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
      return { name, columns: info.map((c) => c.name), key: key.map((c) => c.name) };
    });
}

/** Parents before the tables that reference them, so that every foreign key holds as rows arrive. */
function inDependencyOrder(sqlite: SQLite.Database, tables: Table[]): Table[] {
  const names = new Set(tables.map((t) => t.name));
  const parents = new Map(
    tables.map((t) => {
      const keys = sqlite.pragma(`foreign_key_list(${quote(t.name)})`) as { table: string }[];
      return [t.name, new Set(keys.map((k) => k.table).filter((p) => p !== t.name && names.has(p)))];
    }),
  );
  const ordered: Table[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter((t) => !placed.has(t.name) && [...parents.get(t.name)!].every((p) => placed.has(p)));
    if (ready.length === 0) {
      const rest = tables.filter((t) => !placed.has(t.name)).map((t) => t.name);
      throw new CopyError(`the foreign keys of ${rest.join(', ')} form a cycle: no order of copying satisfies them`);
    }
    for (const t of ready) {
      ordered.push(t);
      placed.add(t.name);
    }
  }
  return ordered;
}

/** Both sides ran the same migrations; any difference is a bug, and copying around it would lose data. */
async function refuseDifferentSchemas(conn: Db, tables: Table[]): Promise<void> {
  const { rows } = await sql<{ table: string; column: string }>`
    select table_name as "table", column_name as "column" from information_schema.columns
    where table_schema = current_schema() order by table_name, ordinal_position`.execute(conn);
  const target = new Map<string, Set<string>>();
  for (const r of rows.filter((r) => !notCopied(r.table))) target.set(r.table, (target.get(r.table) ?? new Set()).add(r.column));
  const problems: string[] = [];
  const onlyInTarget = [...target.keys()].filter((name) => !tables.some((t) => t.name === name));
  if (onlyInTarget.length) problems.push(`tables only in PostgreSQL: ${onlyInTarget.join(', ')}`);
  for (const table of tables) {
    const columns = target.get(table.name);
    if (!columns) {
      problems.push(`table only in SQLite: ${table.name}`);
      continue;
    }
    const onlySource = table.columns.filter((c) => !columns.has(c));
    const onlyTarget = [...columns].filter((c) => !table.columns.includes(c));
    if (onlySource.length) problems.push(`${table.name}: columns only in SQLite: ${onlySource.join(', ')}`);
    if (onlyTarget.length) problems.push(`${table.name}: columns only in PostgreSQL: ${onlyTarget.join(', ')}`);
  }
  if (problems.length) throw new CopyError(`the two schemas differ after migrating both (a bug in the migrations):\n  ${problems.join('\n  ')}`);
}

/** A key that cannot open the source's secrets would make the copy refuse to start; better to say so now. */
function refuseWrongKey(sqlite: SQLite.Database, key: Buffer): void {
  const sealed =
    (sqlite.prepare('select value from meta where key = ?').pluck().get(SECRET_KEY_CHECK) as string | undefined) ??
    (sqlite.prepare('select secrets from channels where secrets is not null limit 1').pluck().get() as string | undefined) ??
    (sqlite.prepare('select totp_secret from users where totp_secret is not null limit 1').pluck().get() as string | undefined);
  if (!sealed) return;
  try {
    new SecretBox(key).open(sealed);
  } catch {
    throw new CopyError(
      'the secret key cannot open the secrets stored in this installation: run the copy with the key the service runs with ' +
        '(BACKWATCH_SECRET_KEY, or unset it to use secret.key of the data dir)',
    );
  }
}

async function copyTable(sqlite: SQLite.Database, conn: Db, table: Table, progress: (line: string) => void): Promise<number> {
  const order = table.key.length ? table.key.map(quote) : ['rowid'];
  // Integers as BigInt: a value beyond 2^53 reaches PostgreSQL exact (pg sends a BigInt as its decimal text).
  const select = sqlite
    .prepare(`select ${table.columns.map(quote).join(', ')} from ${quote(table.name)} order by ${order.join(', ')}`)
    .safeIntegers(true);
  const maxRows = Math.min(MAX_BATCH_ROWS, Math.floor(MAX_PARAMETERS / table.columns.length));
  let batch: Record<string, unknown>[] = [];
  let bytes = 0;
  let rows = 0;
  const flush = async () => {
    try {
      await (conn as Kysely<any>).insertInto(table.name).values(batch).execute();
    } catch (e) {
      throw new Error(`copying ${table.name}: ${(e as Error).message}`, { cause: e });
    }
    rows += batch.length;
    if (Math.floor(rows / PROGRESS_EVERY_ROWS) > Math.floor((rows - batch.length) / PROGRESS_EVERY_ROWS)) progress(`${table.name}: ${rows} rows so far`);
    batch = [];
    bytes = 0;
  };
  for (const row of select.iterate() as IterableIterator<Record<string, unknown>>) {
    batch.push(row);
    bytes += sizeOf(row);
    if (batch.length >= maxRows || bytes >= MAX_BATCH_BYTES) await flush();
  }
  if (batch.length) await flush();
  return rows;
}

function sizeOf(row: Record<string, unknown>): number {
  let size = 0;
  for (const value of Object.values(row)) size += Buffer.isBuffer(value) ? value.length : typeof value === 'string' ? value.length : 8;
  return size;
}

/**
 * The copied rows came with their ids, which the sequences did not hand out: set
 * each to continue after them, and after any id SQLite handed out and deleted
 * since (its sqlite_sequence), so that no id is ever used twice.
 */
async function continueSequences(sqlite: SQLite.Database, conn: Db, tables: Table[]): Promise<void> {
  const hasSequences = sqlite.prepare(`select 1 from sqlite_master where type = 'table' and name = 'sqlite_sequence'`).get() !== undefined;
  const used = new Map(
    hasSequences ? (sqlite.prepare('select name, seq from sqlite_sequence').safeIntegers(true).all() as { name: string; seq: bigint }[]).map((r) => [r.name, r.seq]) : [],
  );
  for (const table of tables.filter((t) => t.columns.includes('id'))) {
    const { rows } = await sql<{ sequence: string | null }>`select pg_get_serial_sequence(${quote(table.name)}, 'id') as sequence`.execute(conn);
    const sequence = rows[0]?.sequence;
    if (!sequence) continue;
    await sql`select setval(${sequence}::regclass, greatest(coalesce(max(id), 0), ${used.get(table.name) ?? 0n}::bigint) + 1, false) from ${sql.table(table.name)}`.execute(conn);
  }
}

async function verifyCounts(sqlite: SQLite.Database, conn: Db, tables: Table[]): Promise<void> {
  const counts: { name: string; sqlite: number; postgres: number }[] = [];
  for (const table of tables) {
    const inSqlite = sqlite.prepare(`select count(*) from ${quote(table.name)}`).pluck().get() as number;
    const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table.name)}`.execute(conn);
    counts.push({ name: table.name, sqlite: inSqlite, postgres: Number(rows[0]!.n) });
  }
  if (counts.every((c) => c.sqlite === c.postgres)) return;
  const width = Math.max(...counts.map((c) => c.name.length));
  const lines = counts.map((c) => `  ${c.name.padEnd(width)}  ${String(c.sqlite).padStart(10)}  ${String(c.postgres).padStart(10)}${c.sqlite === c.postgres ? '' : '  differs'}`);
  throw new CopyError(`the row counts differ after the copy:\n  ${'table'.padEnd(width)}  ${'SQLite'.padStart(10)}  ${'PostgreSQL'.padStart(10)}\n${lines.join('\n')}`);
}

/** Statistics for the planner now, rather than after the first slow queries of a service started on the copy. */
async function analyze(pg: Db, progress: (line: string) => void): Promise<void> {
  try {
    await sql`analyze`.execute(pg);
  } catch (e) {
    progress(`the copy is complete, but ANALYZE failed (${(e as Error).message}); autovacuum or the service will run it later`);
  }
}
