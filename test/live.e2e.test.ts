import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/shared/clock.js';
import { type ConsoleClient, loggedIn } from './helpers/console-client.js';
import { openEventStream } from './helpers/event-stream.js';
import { startTestService, type TestService } from './helpers/service.js';

const clock = fixedClock('2026-11-20T12:00:00Z');
const ADMIN = { username: 'admin', password: 'first admin password' };
let svc: TestService;

beforeAll(async () => {
  svc = await startTestService({ clock, liveHeartbeatMs: 50 });
  expect((await svc.api('POST', '/users', { ...ADMIN, role: 'admin' })).status).toBe(201);
});
afterAll(() => svc.destroy());

const openStream = (b: ConsoleClient) => openEventStream(svc.httpPort, b);

describe("a session's live stream", () => {
  it('ends with `expired` once the user logs out', async () => {
    const b = await loggedIn(svc.httpPort, ADMIN.username, ADMIN.password);
    const stream = await openStream(b);
    await stream.readUntil(/: keep-alive/);
    expect((await b.request('DELETE', '/session')).status).toBe(204);
    const { text, ended } = await stream.readUntil(/event: expired/);
    expect(ended).toBe(false);
    expect(text).toMatch(/event: expired\ndata: \{\}/);
    expect((await stream.readUntil(/never/)).ended).toBe(true);
  });

  it('does not keep its session alive, and ends when the session times out', async () => {
    const b = await loggedIn(svc.httpPort, ADMIN.username, ADMIN.password);
    const stream = await openStream(b);
    await stream.readUntil(/: keep-alive/);
    clock.advance(29 * 60_000);
    await stream.readUntil(/(: keep-alive[\s\S]*){3}/); // still standing after several heartbeats at 29 minutes
    clock.advance(2 * 60_000);
    expect((await stream.readUntil(/event: expired/)).ended).toBe(false);
    expect((await b.request('GET', '/account')).body.error.code).toBe('session.expired');
    stream.close();
  });

  it('of an API key is not cut off', async () => {
    const controller = new AbortController();
    const res = await fetch(`http://127.0.0.1:${svc.httpPort}/api/v1/events`, { headers: { authorization: `Bearer ${svc.key}` }, signal: controller.signal });
    const reader = res.body!.getReader();
    let text = '';
    while ((text.match(/: keep-alive/g) ?? []).length < 3) text += new TextDecoder().decode((await reader.read()).value);
    clock.advance(24 * 60 * 60_000);
    while ((text.match(/: keep-alive/g) ?? []).length < 6) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).not.toContain('expired');
    controller.abort();
  });
});
