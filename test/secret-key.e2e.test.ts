import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';
import { parseConfig } from '../src/config/config.js';
import { TEST_ENGINE, type TestDatabase, testDatabase } from './helpers/database.js';
import { startTestService } from './helpers/service.js';

const KEY_A = Buffer.alloc(32, 1).toString('base64');
const KEY_B = Buffer.alloc(32, 2).toString('base64');
let dataDir: string;
let database: TestDatabase;

afterEach(async () => {
  await database.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('refuses to start with a key that cannot open the secrets already stored, and says why', async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bw-key-'));
  database = await testDatabase(dataDir);
  const svc = await startTestService({ dataDir, env: { BACKWATCH_SECRET_KEY: KEY_A } });
  expect((await svc.api('POST', '/channels', { type: 'webhook', name: 'sealed', config: { url: 'https://hooks.example.com/secret-token' } })).status).toBe(201);
  await svc.stop();

  const err: string[] = [];
  const env = { BACKWATCH_DATA_DIR: dataDir, BACKWATCH_SMTP_PORT: '0', BACKWATCH_HTTP_PORT: '0', BACKWATCH_LOG_LEVEL: 'silent', ...database.env, BACKWATCH_SECRET_KEY: KEY_B };
  expect(await runCli(['serve'], env, { out: () => {}, err: (l) => err.push(l) })).toBe(1);
  expect(err.join('\n')).toMatch(/the secret key cannot open the secrets stored in this database/);

  // The right key still opens them.
  const again = await startTestService({ dataDir, env: { BACKWATCH_SECRET_KEY: KEY_A } });
  const channel = (await again.api('GET', '/channels')).body.items[0];
  expect(channel.config.url).toMatch(/^https:\/\/hooks\.example\.com/);
  await again.stop();
});

it.skipIf(TEST_ENGINE !== 'postgres')('on PostgreSQL, refuses to start without BACKWATCH_SECRET_KEY', () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bw-key-'));
  database = { drop: async () => {} } as TestDatabase;
  expect(() => parseConfig({ BACKWATCH_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x' })).toThrow(/BACKWATCH_SECRET_KEY: must be set with BACKWATCH_DATABASE_URL/);
});
