import { defineConfig } from 'vitest/config';

// The suites that run on both engines: everything that stores data (integration tests of
// repositories are named *.db.test.ts, and the end-to-end and browser tests start the service).
const bothEngines = ['src/**/*.db.test.ts', 'migrations/**/*.test.ts', 'test/**/*.test.ts'];

// PostgreSQL is required unless skipped explicitly (CI never skips it).
const postgres = process.env.BACKWATCH_TEST_PG !== 'skip';

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // What a page or a worker shows comes on its own time: a loaded two-core machine needs more than poll's default second.
    expect: { poll: { timeout: 10_000 } },
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['src/**/*.test.ts', 'migrations/**/*.test.ts', 'test/**/*.test.ts'] } },
      ...(postgres ? [{ extends: true, test: { name: 'postgres', include: bothEngines, env: { BACKWATCH_TEST_ENGINE: 'postgres' } } }] : []),
    ],
  },
});
