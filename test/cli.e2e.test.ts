import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bw-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[], env: Record<string, string> = { BACKWATCH_DATA_DIR: dir }) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('backwatch CLI', () => {
  it('migrate creates the database, then finds it up to date', async () => {
    expect(await cli(['migrate'])).toMatchObject({ code: 0, out: expect.stringMatching(/^applied: 0001_core, 0002_schedule, 0003_alerts, 0004_tickets, 0005_accounts/) });
    expect(fs.existsSync(path.join(dir, 'backwatch.sqlite'))).toBe(true);
    expect(await cli(['migrate'])).toMatchObject({ code: 0, out: 'database is up to date' });
  });

  it('apikey create --json prints {"key": ...}', async () => {
    const { code, out } = await cli(['apikey', 'create', '--name', 'ci', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ key: expect.stringMatching(/^bw_[A-Za-z0-9_-]{43}$/), name: 'ci' });
  });

  it('apikey create without --json says the key is shown once', async () => {
    const { code, out } = await cli(['apikey', 'create', '--name', 'human']);
    expect(code).toBe(0);
    expect(out).toMatch(/not shown again:\nbw_/);
  });

  it('apikey list never shows the keys', async () => {
    const { out } = await cli(['apikey', 'list', '--json']);
    const keys = JSON.parse(out) as Record<string, unknown>[];
    expect(keys.map((k) => k.name)).toEqual(['ci', 'human']);
    expect(JSON.stringify(keys)).not.toMatch(/bw_[A-Za-z0-9_-]{20,}/);
  });

  it('a bad setting exits 1 naming the variable', async () => {
    const { code, err } = await cli(['serve'], { BACKWATCH_DATA_DIR: dir, BACKWATCH_SMTP_PORT: 'smtp', BACKWATCH_MAX_MESSAGE_BYTES: '-5' });
    expect(code).toBe(1);
    expect(err).toContain('BACKWATCH_SMTP_PORT');
    expect(err).toContain('BACKWATCH_MAX_MESSAGE_BYTES');
  });

  it.each([
    [['apikey', 'create'], 'needs --name'],
    [['apikey', 'revoke', 'x'], 'needs the key id'],
    [['frobnicate'], 'unknown command'],
    [['apikey', 'create', '--nmae', 'x'], 'Unknown option'],
  ])('%j is a usage error', async (args, message) => {
    const { code, err } = await cli(args);
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(err).toContain('usage: backwatch');
  });
});
