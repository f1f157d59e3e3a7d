import { type Kysely, PostgresAdapter, type SelectQueryBuilder } from 'kysely';

export type Engine = 'sqlite' | 'postgres';

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
