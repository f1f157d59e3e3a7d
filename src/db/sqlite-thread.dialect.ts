import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import type { ThreadClient } from '../shared/thread-rpc.js';
import type { QueryAnswer } from './sqlite-thread.host.js';

// Blobs come back from the other thread as Uint8Array; the code reads Buffers.
function withBuffers(rows: Record<string, unknown>[]) {
  for (const row of rows) {
    for (const key in row) {
      const v = row[key];
      if (v instanceof Uint8Array) row[key] = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    }
  }
  return rows;
}

class ThreadConnection implements DatabaseConnection {
  constructor(private readonly thread: ThreadClient) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const answer = await this.thread.request<QueryAnswer>('query', { sql: query.sql, params: query.parameters });
    return { ...answer, rows: withBuffers(answer.rows) as R[] };
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const { rows } = await this.executeQuery<R>(query);
    for (const row of rows) yield { rows: [row] };
  }
}

/** One connection, so one query or transaction at a time (as Kysely's own SQLite driver does). */
class ThreadDriver implements Driver {
  private readonly connection: ThreadConnection;
  private turn: Promise<void> | null = null;
  private release: (() => void) | null = null;

  constructor(private readonly thread: ThreadClient) {
    this.connection = new ThreadConnection(thread);
  }

  async init() {}

  async acquireConnection(): Promise<DatabaseConnection> {
    while (this.turn) await this.turn;
    this.turn = new Promise((resolve) => (this.release = resolve));
    return this.connection;
  }

  async releaseConnection() {
    const release = this.release;
    this.turn = null;
    this.release = null;
    release?.();
  }

  async beginTransaction() {
    await this.thread.request('begin');
  }

  async commitTransaction() {
    await this.thread.request('commit');
  }

  async rollbackTransaction() {
    await this.thread.request('rollback');
  }

  async destroy() {
    await this.thread.close('close');
  }
}

/**
 * Kysely for the main thread on the SQLite connection that the database thread
 * owns: every query is sent there and answered, so no query, commit or fsync
 * ever runs on the main thread's event loop.
 */
export class ThreadSqliteDialect implements Dialect {
  constructor(private readonly thread: ThreadClient) {}
  createDriver(): Driver {
    return new ThreadDriver(this.thread);
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}
