import type SQLite from 'better-sqlite3';
import type { Handlers } from '../shared/thread-rpc.js';
import type { Turns } from '../shared/turns.js';
import { withStatementCache } from './database.js';

export interface QueryRequest {
  sql: string;
  params: readonly unknown[];
}

export interface QueryAnswer {
  rows: Record<string, unknown>[];
  numAffectedRows?: bigint;
  insertId?: bigint;
}

// A Buffer crosses threads as a plain Uint8Array; better-sqlite3 binds Buffers.
const bindable = (params: readonly unknown[]) =>
  params.map((p) => (p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p.buffer, p.byteOffset, p.byteLength) : p));

/**
 * The database thread's answers to the main thread's Kysely (sqlite-thread.dialect):
 * queries, and transactions that hold the connection from begin to commit or
 * rollback. The connection is taken in turn with the thread's own work
 * (ingestion's group commits) through `lock`.
 */
export function sqliteRequestHandlers(sqlite: SQLite.Database, lock: Turns): Handlers {
  const statements = withStatementCache(sqlite);
  let transaction: (() => void) | null = null;

  const run = ({ sql, params }: QueryRequest): QueryAnswer => {
    const statement = statements.prepare(sql);
    if (statement.reader) return { rows: statement.all(bindable(params)) as Record<string, unknown>[] };
    const { changes, lastInsertRowid } = statement.run(bindable(params));
    return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) };
  };
  const end = (sql: string) => {
    const release = transaction;
    transaction = null;
    try {
      sqlite.exec(sql);
    } finally {
      release?.();
    }
  };

  return {
    // The main thread sends one query at a time, so while its transaction is open every query is part of it.
    query: (q: QueryRequest) => (transaction ? run(q) : lock.run(async () => run(q))),
    begin: async () => {
      const release = await lock.acquire();
      try {
        sqlite.exec('begin');
      } catch (e) {
        release();
        throw e;
      }
      transaction = release;
    },
    commit: () => {
      // A commit that fails leaves the transaction open; the rollback that follows ends it and gives the turn back.
      sqlite.exec('commit');
      const release = transaction;
      transaction = null;
      release?.();
    },
    rollback: () => end('rollback'),
  };
}
