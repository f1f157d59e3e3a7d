import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { INBOX, startTestService, type TestService } from './helpers/service.js';
import { smtpSession } from './helpers/smtp.js';

/** Real and deliberately broken messages from other mail parsers' test suites (read in place, never copied). */
const CORPUS = path.resolve(import.meta.dirname, '..', '..', 'shared', 'corpus', 'mime');
const files = fs
  .readdirSync(CORPUS, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.eml'))
  .map((e) => path.join(e.parentPath, e.name))
  .sort();

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
  await svc.api('POST', '/checks', {
    name: 'Everything with a subject',
    matching: { rules: [{ field: 'subject', operator: 'regex', value: '.' }] },
    status: { success: { rules: [{ field: 'body', operator: 'contains', value: 'test' }] } },
  });
});
afterAll(() => svc.destroy());

// Line ends are the SMTP client's to choose (it sends CRLF); everything else must come back as sent.
const lines = (b: Buffer) => b.toString('latin1').replace(/\r\n|\r|\n/g, '\n').replace(/\n+$/, '');

it('the corpus is there', () => {
  expect(files.length).toBeGreaterThan(100);
});

it('accepts, stores and evaluates every corpus message, over a few concurrent sessions', async () => {
  const sessions = await Promise.all([0, 1, 2, 3].map(() => smtpSession(svc.smtpPort)));
  const replies = await Promise.all(
    sessions.map(async (session, s) => {
      const mine = files.filter((_, i) => i % sessions.length === s);
      const out: [string, number, string][] = [];
      for (const file of mine) {
        const reply = await session.send(fs.readFileSync(file), [INBOX]);
        out.push([path.relative(CORPUS, file), reply.code, reply.response]);
      }
      await session.close();
      return out;
    }),
  );
  const all = replies.flat();
  expect(all.filter(([, code]) => code !== 250)).toEqual([]);

  for (const [name, , response] of all) {
    const id = Number(/message (\d+)/.exec(response)![1]);
    const detail = await svc.api('GET', `/messages/${id}`);
    expect(detail.status, name).toBe(200);
    const raw = await fetch(`http://127.0.0.1:${svc.httpPort}/api/v1/messages/${id}/raw`, { headers: { authorization: `Bearer ${svc.key}` } });
    expect(lines(Buffer.from(await raw.arrayBuffer())), name).toBe(lines(fs.readFileSync(path.join(CORPUS, name))));
  }

  // Messages with a subject were claimed by the check; the rest wait in the unmatched list.
  expect((await svc.api('GET', '/messages?matched=true&limit=500')).body.items.length).toBeGreaterThan(50);
  expect((await svc.api('GET', '/messages?matched=false&limit=500')).body.items.length).toBeGreaterThan(10);
  const health = await svc.api('GET', '/health');
  expect(health.body.status).toBe('ok');
});
