import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';

const state = globalThis as { backwatchCompiled?: boolean };

/**
 * The service runs part of itself in a worker thread (the database thread),
 * which Node loads from the compiled dist/; compile it first so the tests run
 * the code as it is now. Each project (engine) calls this; the work is done once.
 */
export function setup() {
  process.env.BACKWATCH_TEST_RUN ??= crypto.randomBytes(3).toString('hex');
  if (state.backwatchCompiled) return;
  state.backwatchCompiled = true;
  const root = path.join(import.meta.dirname, '..');
  execFileSync(path.join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}

/** PostgreSQL databases a test left behind (a failure before its cleanup) go with the run. */
export async function teardown() {
  if (process.env.BACKWATCH_TEST_PG === 'skip') return;
  const { TEST_DB_PREFIX, dropPgDatabases } = await import('./helpers/database.js');
  await dropPgDatabases(TEST_DB_PREFIX).catch(() => {});
}
