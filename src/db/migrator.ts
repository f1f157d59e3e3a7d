import { type Kysely, type MigrationResult, Migrator } from 'kysely';
import { migrations } from '../../migrations/index.js';

function migrator(db: Kysely<any>) {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

function unwrap({ error, results }: { error?: unknown; results?: MigrationResult[] }): MigrationResult[] {
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return results ?? [];
}

/** Applies every pending migration; returns the names applied. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  return unwrap(await migrator(db).migrateToLatest()).map((r) => r.migrationName);
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
