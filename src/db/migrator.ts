import { type Kysely, type MigrationResult, Migrator } from 'kysely';
import { migrations } from '../../migrations/index.js';

function migrator(db: Kysely<any>, options: MigrateOptions = {}) {
  return new Migrator({ db, provider: { getMigrations: async () => migrations }, disableTransactions: options.inCallerTransaction });
}

export interface MigrateOptions {
  /**
   * `db` is bound to one connection (`db.connection()`) on which the caller began a
   * transaction: the migrations join it and commit or roll back with the caller's work.
   * Kysely's own transactions cannot be used for this (its Migrator needs `connection()`).
   */
  inCallerTransaction?: boolean;
}

function unwrap({ error, results }: { error?: unknown; results?: MigrationResult[] }): MigrationResult[] {
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return results ?? [];
}

/** Applies every pending migration; returns the names applied. */
export async function migrateToLatest(db: Kysely<any>, options: MigrateOptions = {}): Promise<string[]> {
  return unwrap(await migrator(db, options).migrateToLatest()).map((r) => r.migrationName);
}

/** Rolls every migration back (used by the migration test). */
export async function migrateDownAll(db: Kysely<any>): Promise<string[]> {
  const m = migrator(db);
  const names: string[] = [];
  for (;;) {
    const done = unwrap(await m.migrateDown());
    if (done.length === 0) return names;
    names.push(...done.map((r) => r.migrationName));
  }
}
