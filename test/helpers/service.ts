import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startService, type RunningService } from '../../src/app/app.js';
import { runCli } from '../../src/cli.js';
import { parseConfig } from '../../src/config/config.js';
import type { Clock } from '../../src/shared/clock.js';
import { testDatabase } from './database.js';
import { sendMail } from './smtp.js';

export const INBOX = 'reports@backwatch.local';
export const alias = (a: string) => `reports+${a}@backwatch.local`;
export const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, '..', 'fixtures', name));

export interface TestService extends RunningService {
  dataDir: string;
  env: Record<string, string>;
  key: string;
  api<T = any>(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T }>;
  send(raw: string | Buffer, to?: string[], from?: string): ReturnType<typeof sendMail>;
  /** Stops the service and deletes its data. */
  destroy(): Promise<void>;
}

export async function createApiKey(env: Record<string, string>): Promise<string> {
  const out: string[] = [];
  const code = await runCli(['apikey', 'create', '--name', 'test', '--json'], env, { out: (l) => out.push(l), err: () => {} });
  if (code !== 0) throw new Error(`apikey create exited ${code}`);
  return JSON.parse(out.at(-1)!).key;
}

/**
 * The real service on free ports and a temporary data dir, on the run's
 * database engine, with an API key made by the CLI while it runs, as a user would.
 */
export async function startTestService(
  options: { dataDir?: string; env?: Record<string, string>; key?: string; clock?: Clock; random?: () => number; liveHeartbeatMs?: number } = {},
): Promise<TestService> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bw-test-'));
  const database = await testDatabase(dataDir);
  const env = { BACKWATCH_DATA_DIR: dataDir, BACKWATCH_SMTP_PORT: '0', BACKWATCH_HTTP_PORT: '0', BACKWATCH_LOG_LEVEL: 'silent', ...database.env, ...options.env };
  const service = await startService(parseConfig(env), { clock: options.clock, random: options.random, liveHeartbeatMs: options.liveHeartbeatMs });
  const key = options.key ?? (await createApiKey(env));
  const base = `http://127.0.0.1:${service.httpPort}/api/v1`;
  return {
    ...service,
    dataDir,
    env,
    key,
    async api(method, url, body, headers = {}) {
      const res = await fetch(base + url, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
    },
    send: (raw, to = [INBOX], from) => sendMail(service.smtpPort, raw, to, from),
    async destroy() {
      await service.stop();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Sends a fixture to a check's own address, then lets the delivery worker send what the report queued. */
export async function reportTo(svc: TestService, check: { address: string }, file: string): Promise<void> {
  const answer = await svc.send(fixture(file), [check.address]);
  if (answer.code !== 250) throw new Error(`${file}: SMTP answered ${answer.code}`);
  svc.deliveries.wake();
  await svc.deliveries.idle();
}

/** A Comet-style check as the CheckCentral guide sets one up. */
export const cometCheck = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  matching: { mode: 'all', rules: [{ field: 'subject', operator: 'contains', value: 'Documents' }, { field: 'body', operator: 'contains', value: 'Offsite Comet Server' }] },
  status: {
    default: 'failure',
    success: { rules: [{ field: 'subject', operator: 'contains', value: 'Success' }] },
    warning: { rules: [{ field: 'subject', operator: 'contains', value: 'Warning' }] },
  },
  ...extra,
});
