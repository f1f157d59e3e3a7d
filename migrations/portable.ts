import { type CreateTableBuilder, type Kysely, PostgresAdapter } from 'kysely';

/**
 * The one place migrations differ by dialect: an auto-incrementing primary key.
 * SQLite needs AUTOINCREMENT so that ids of deleted rows are never reused.
 */
export function withId<T extends string>(db: Kysely<any>, table: CreateTableBuilder<T, any>) {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    return table.addColumn('id', 'bigserial', (c) => c.primaryKey());
  }
  return table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}
