import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

export const DATABASE_FILE = 'backwatch.sqlite';

export const databaseFile = (dataDir: string) => path.join(dataDir, DATABASE_FILE);

/**
 * Opens (creating if needed) the embedded database file in the data dir.
 * WAL lets the CLI write while the server runs; synchronous=FULL makes every
 * commit durable before SMTP answers 250.
 */
export function openSqliteConnection(dataDir: string): SQLite.Database {
  fs.mkdirSync(dataDir, { recursive: true });
  const sqlite = new SQLite(databaseFile(dataDir));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  return sqlite;
}

/**
 * Kysely on a connection of this thread. The server does not use it: its
 * connection lives in the database thread (sqlite-thread.*); the CLI, the
 * scheduler benchmark and integration tests do.
 */
export function openSqlite(dataDir: string): Db {
  return kyselyOn(openSqliteConnection(dataDir));
}

export function kyselyOn(sqlite: SQLite.Database): Db {
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
}

/**
 * Kysely prepares every query anew; on the ingestion path that cost as much as
 * running them. The same SQL text reuses its prepared statement (the driver runs
 * one query at a time, so a statement is never in use twice).
 */
export function withStatementCache(sqlite: SQLite.Database, size = 500) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (cache.size >= size) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}
