import { type Db, openSqlite } from './database.js';
import { openPostgres, type PostgresConfig } from './postgres.js';

/** Where the data lives: the embedded SQLite file, or a PostgreSQL several nodes may share. */
export type DatabaseConfig = { kind: 'sqlite'; dataDir: string } | ({ kind: 'postgres' } & PostgresConfig);

/** Kysely on this thread, for the CLI and tests (the SQLite server keeps its connection on the database thread). */
export function openDatabase(config: DatabaseConfig): Db {
  return config.kind === 'postgres' ? openPostgres(config) : openSqlite(config.dataDir);
}
