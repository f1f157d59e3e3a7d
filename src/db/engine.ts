import { type Kysely, PostgresAdapter, type SelectQueryBuilder } from 'kysely';
import { type Db, openSqlite } from './database.js';
import { openPostgres, type PostgresConfig } from './postgres.js';

/** Where the data lives: the embedded SQLite file, or a PostgreSQL several nodes may share. */
export type DatabaseConfig = { kind: 'sqlite'; dataDir: string } | ({ kind: 'postgres' } & PostgresConfig);

export type Engine = 'sqlite' | 'postgres';

/** Kysely on this thread, for the CLI and tests (the SQLite server keeps its connection on the database thread). */
export function openDatabase(config: DatabaseConfig): Db {
  return config.kind === 'postgres' ? openPostgres(config) : openSqlite(config.dataDir);
}

export const engineOf = (db: Kysely<any>): Engine => (db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite');

/**
 * Locks the rows a query selects until the transaction ends, against other
 * nodes' writers (PostgreSQL). `FOR NO KEY UPDATE`, not `FOR UPDATE`: rows that
 * reference a locked check (its activities, deliveries) can still be inserted.
 * SQLite has one writer at a time, so its transactions need no row locks.
 */
export function lockingRows<Q extends SelectQueryBuilder<any, any, any>>(db: Kysely<any>, query: Q, options: { skipLocked?: boolean } = {}): Q {
  if (engineOf(db) !== 'postgres') return query;
  const locked = query.forNoKeyUpdate();
  return (options.skipLocked ? locked.skipLocked() : locked) as Q;
}

/** A unique constraint refused the write (on either engine). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** PostgreSQL gave up the transaction to break a deadlock or a serialization conflict; running it again may succeed. */
export function isRetryableConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}
