import { type CreateTableBuilder, type Kysely, PostgresAdapter } from 'kysely';

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

/** Bytes: SQLite's blob is PostgreSQL's bytea. */
export const bytes = (db: Kysely<any>) => (isPostgres(db) ? 'bytea' : 'blob');

/**
 * Where migrations differ by dialect: an auto-incrementing primary key.
 * SQLite needs AUTOINCREMENT so that ids of deleted rows are never reused.
 */
export function withId<T extends string>(db: Kysely<any>, table: CreateTableBuilder<T, any>) {
  if (isPostgres(db)) {
    return table.addColumn('id', 'bigserial', (c) => c.primaryKey());
  }
  return table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}
