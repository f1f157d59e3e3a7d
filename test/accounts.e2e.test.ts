import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';
import { fixedClock } from '../src/shared/clock.js';
import { consoleClient, loggedIn } from './helpers/console-client.js';
import { cometCheck, startTestService, type TestService } from './helpers/service.js';

const clock = fixedClock('2026-11-20T12:00:00Z');
const ADMIN = { username: 'Admin', password: 'first admin password' };
let svc: TestService;

beforeAll(async () => {
  svc = await startTestService({ clock });
});
afterAll(() => svc.destroy());

const page = () => consoleClient(svc.httpPort);
const login = (username: string, password: string) => loggedIn(svc.httpPort, username, password);

async function cli(args: string[], stdin: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, svc.env, { out: (l) => out.push(l), err: (l) => err.push(l), stdin: Readable.from([stdin]) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('first start', () => {
  it('asks for setup, creates the first administrator once, and logs them in', async () => {
    const b = page();
    expect((await b.request('GET', '/session')).body).toEqual({ setupRequired: true, user: null, mfaPending: false, mfaMethods: [], csrfToken: null });

    const short = await b.request('POST', '/setup', { username: 'admin', password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error.message).toContain('password');

    const done = await b.request('POST', '/setup', ADMIN);
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ user: { username: 'Admin', role: 'admin', totpEnabled: false }, mfaRequired: false, csrfToken: expect.any(String) });
    expect(b.cookies.get('bw_session')).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const session = await b.request('GET', '/session');
    expect(session.body).toMatchObject({ setupRequired: false, user: { username: 'Admin' }, mfaPending: false, csrfToken: done.body.csrfToken });
    expect((await b.request('GET', '/checks')).status).toBe(200);

    const again = await page().request('POST', '/setup', { username: 'intruder', password: 'another long password' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('setup.done');
  });
});

describe('logging in and out', () => {
  it('sets an HttpOnly, SameSite=Strict cookie for the whole site, Secure only over HTTPS', async () => {
    const plain = await page().request('POST', '/session', ADMIN);
    const cookie = plain.headers.getSetCookie().find((c) => c.startsWith('bw_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/);
    const proxied = await page().request('POST', '/session', ADMIN, { headers: { 'x-forwarded-proto': 'https' } });
    expect(proxied.headers.getSetCookie().find((c) => c.startsWith('bw_session='))).toMatch(/Secure/);
  });

  it('logs in whatever the case of the username, and out again for good', async () => {
    const b = await login('aDMIN', ADMIN.password);
    expect((await b.request('GET', '/session')).body.user).toMatchObject({ username: 'Admin', lastLoginAt: clock.now().toISOString() });
    const stale = new Map(b.cookies);
    expect((await b.request('DELETE', '/session')).status).toBe(204);
    expect(b.cookies.has('bw_session')).toBe(false);
    expect((await b.request('GET', '/session')).body).toMatchObject({ user: null, csrfToken: null });
    b.cookies = stale;
    const refused = await b.request('GET', '/checks');
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('unauthorized');
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    for (const attempt of [{ username: 'Admin', password: 'not the password' }, { username: 'nobody', password: ADMIN.password }]) {
      const res = await page().request('POST', '/session', attempt);
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({ code: 'session.invalid_credentials', message: 'wrong username or password' });
      expect(res.headers.getSetCookie()).toEqual([]);
    }
  });

  it('locks a username from one address after five failures, with Retry-After, for 15 minutes', async () => {
    await svc.api('POST', '/users', { username: 'mallory', password: 'mallory password', role: 'viewer' });
    for (let i = 0; i < 5; i++) expect((await page().request('POST', '/session', { username: 'mallory', password: `guess ${i}` })).status).toBe(401);
    const sixth = await page().request('POST', '/session', { username: 'mallory', password: 'mallory password' });
    expect(sixth.status).toBe(429);
    expect(sixth.headers.get('retry-after')).toBe('900');
    expect(sixth.body.error.code).toBe('throttled');
    expect((await page().request('POST', '/session', ADMIN)).status).toBe(200);
    clock.advance(10 * 60_000);
    expect((await page().request('POST', '/session', { username: 'MALLORY', password: 'mallory password' })).headers.get('retry-after')).toBe('300');
    clock.advance(5 * 60_000);
    expect((await page().request('POST', '/session', { username: 'mallory', password: 'mallory password' })).status).toBe(200);
  });
});

describe('sessions', () => {
  it('end after 30 minutes without a request, and are then refused and deleted', async () => {
    const b = await login('admin', ADMIN.password);
    const token = b.cookies.get('bw_session')!;
    const tokenHash = crypto.createHash('sha256').update(token).digest('hex');
    clock.advance(29 * 60_000);
    expect((await b.request('GET', '/checks')).status).toBe(200);
    clock.advance(29 * 60_000); // 58 minutes in, but only 29 since the last request
    expect((await b.request('GET', '/checks')).status).toBe(200);
    clock.advance(30 * 60_000 + 1000);
    const expired = await b.request('GET', '/checks');
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('session.expired');
    expect(b.cookies.has('bw_session')).toBe(false);
    expect(await svc.db.selectFrom('sessions').select('id').where('token_hash', '=', tokenHash).execute()).toEqual([]);
    b.cookies.set('bw_session', token);
    expect((await b.request('GET', '/checks')).body.error.code).toBe('unauthorized');
  });

  it('follow the session timeout set in Settings', async () => {
    expect((await svc.api('PATCH', '/settings', { sessionTimeoutMinutes: 5 })).status).toBe(200);
    try {
      const b = await login('admin', ADMIN.password);
      clock.advance(4 * 60_000);
      expect((await b.request('GET', '/checks')).status).toBe(200);
      clock.advance(5 * 60_000 + 1000);
      expect((await b.request('GET', '/checks')).body.error.code).toBe('session.expired');
    } finally {
      await svc.api('PATCH', '/settings', { sessionTimeoutMinutes: 30 });
    }
  });

  it('want the CSRF token on every change', async () => {
    const b = await login('admin', ADMIN.password);
    for (const headers of [{}, { 'x-csrf-token': 'forged' }] as Record<string, string>[]) {
      const res = await b.request('POST', '/checks', cometCheck('CSRF target'), { csrf: false, headers });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('csrf.invalid');
    }
    expect((await b.request('DELETE', '/session', undefined, { csrf: false })).status).toBe(403);
    expect((await b.request('GET', '/checks')).status).toBe(200);
    expect((await b.request('POST', '/checks', cometCheck('CSRF target'))).status).toBe(201);
  });
});

describe('roles', () => {
  it('let a viewer read, but not change anything but their own password', async () => {
    expect((await svc.api('POST', '/users', { username: 'vera', password: 'viewer password 1', role: 'viewer' })).status).toBe(201);
    const vera = await login('vera', 'viewer password 1');
    const elsewhere = await login('vera', 'viewer password 1');
    expect((await vera.request('GET', '/checks')).status).toBe(200);
    expect((await vera.request('GET', '/settings')).status).toBe(200);
    const refused = await vera.request('POST', '/checks', cometCheck('Not allowed'));
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    expect((await vera.request('PATCH', '/settings', { sessionTimeoutMinutes: 60 })).status).toBe(403);
    expect((await vera.request('GET', '/users')).status).toBe(403);
    expect((await vera.request('GET', '/apikeys')).status).toBe(403);

    const wrong = await vera.request('POST', '/account/password', { current: 'not it at all', next: 'viewer password 2' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('password.wrong');
    expect((await vera.request('POST', '/account/password', { current: 'viewer password 1', next: 'short' })).status).toBe(400);
    expect((await vera.request('POST', '/account/password', { current: 'viewer password 1', next: 'viewer password 2' })).status).toBe(204);
    expect((await vera.request('GET', '/account')).body.user.username).toBe('vera');
    expect((await elsewhere.request('GET', '/checks')).status).toBe(401);
    expect((await page().request('POST', '/session', { username: 'vera', password: 'viewer password 1' })).status).toBe(401);
    await login('vera', 'viewer password 2');
  });

  it('keep the last administrator, and administrators from deleting themselves', async () => {
    const admin = await login('admin', ADMIN.password);
    const me = (await admin.request('GET', '/account')).body.user.id;
    const demote = await admin.request('PATCH', `/users/${me}`, { role: 'viewer' });
    expect(demote.status).toBe(409);
    expect(demote.body.error.code).toBe('user.last_admin');
    expect((await svc.api('DELETE', `/users/${me}`)).body.error.code).toBe('user.last_admin');
    expect((await admin.request('DELETE', `/users/${me}`)).body.error.code).toBe('user.self');

    const other = await admin.request('POST', '/users', { username: 'otto', password: 'second admin pw', role: 'admin' });
    expect(other.status).toBe(201);
    expect((await admin.request('POST', '/users', { username: 'OTTO', password: 'whatever long', role: 'viewer' })).body.error.code).toBe('user.exists');
    const otto = await login('otto', 'second admin pw');
    expect((await otto.request('PATCH', `/users/${me}`, { role: 'viewer' })).status).toBe(200);
    expect((await otto.request('PATCH', `/users/${me}`, { role: 'admin' })).status).toBe(200);
    expect((await admin.request('DELETE', `/users/${other.body.id}`)).status).toBe(204);
    expect((await otto.request('GET', '/checks')).status).toBe(401);
    expect((await admin.request('GET', '/users')).body.items.map((u: { username: string }) => u.username)).toEqual(['Admin', 'mallory', 'vera']);
  });

  it('end a user\'s sessions when an administrator resets their password', async () => {
    const vera = await login('vera', 'viewer password 2');
    const id = (await vera.request('GET', '/account')).body.user.id;
    expect((await svc.api('PATCH', `/users/${id}`, { password: 'reset by admin' })).status).toBe(200);
    expect((await vera.request('GET', '/checks')).status).toBe(401);
    await login('vera', 'reset by admin');
  });
});

describe('API keys', () => {
  it('are created, listed with their last use, and revoked from the console', async () => {
    const admin = await login('admin', ADMIN.password);
    const created = await admin.request('POST', '/apikeys', { name: 'nightly export' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'nightly export', key: expect.stringMatching(/^bw_/), lastUsedAt: null, revokedAt: null });
    const { id, key } = created.body;
    const listed = () => admin.request('GET', '/apikeys').then((r) => r.body.items.find((k: { id: number }) => k.id === id));
    expect(await listed()).toEqual({ id, name: 'nightly export', prefix: key.slice(0, 9), createdAt: clock.now().toISOString(), lastUsedAt: null, revokedAt: null });
    expect(JSON.stringify((await admin.request('GET', '/apikeys')).body)).not.toContain(key);

    const use = () => fetch(`http://127.0.0.1:${svc.httpPort}/api/v1/checks`, { headers: { authorization: `Bearer ${key}` } });
    expect((await use()).status).toBe(200);
    expect((await listed()).lastUsedAt).toBe(clock.now().toISOString());
    expect((await admin.request('DELETE', `/apikeys/${id}`)).status).toBe(204);
    expect((await use()).status).toBe(401);
    expect((await listed()).revokedAt).toBe(clock.now().toISOString());
    expect((await admin.request('DELETE', `/apikeys/${id}`)).status).toBe(404);
  });

  it('act as administrators everywhere, but have no account', async () => {
    const created = await svc.api('POST', '/users', { username: 'keymade', password: 'made by a key', role: 'viewer' });
    expect(created.status).toBe(201);
    expect((await svc.api('GET', '/users')).body.items.length).toBeGreaterThan(1);
    expect((await svc.api('DELETE', `/users/${created.body.id}`)).status).toBe(204);
    expect((await svc.api('GET', '/apikeys')).status).toBe(200);
    const account = await svc.api('GET', '/account');
    expect(account.status).toBe(403);
    expect(account.body.error.code).toBe('account.api_key');
  });
});

describe('backwatch admin create', () => {
  it('creates a user from a password on stdin, while the server runs', async () => {
    const res = await cli(['admin', 'create', '--username', 'carol', '--role', 'viewer'], 'carol password 1\n');
    expect(res).toMatchObject({ code: 0, out: expect.stringContaining('"carol" created') });
    const carol = await login('carol', 'carol password 1');
    expect((await carol.request('GET', '/session')).body.user).toMatchObject({ username: 'carol', role: 'viewer' });
    expect((await cli(['admin', 'create', '--username', 'dave'], 'dave password 1')).code).toBe(0);
    expect((await login('dave', 'dave password 1').then((b) => b.request('GET', '/session'))).body.user.role).toBe('admin');
  });

  it('refuses a short password, a taken name and a missing one', async () => {
    expect(await cli(['admin', 'create', '--username', 'erin'], 'short\n')).toMatchObject({ code: 1, err: 'password: must be at least 10 characters' });
    expect(await cli(['admin', 'create', '--username', 'CAROL'], 'carol password 2\n')).toMatchObject({ code: 1, err: expect.stringContaining('already exists') });
    expect((await cli(['admin', 'create'], 'whatever password\n')).code).toBe(2);
    expect((await cli(['admin', 'create', '--username', 'x', '--role', 'root'], 'whatever password\n')).code).toBe(2);
  });
});

describe('the OpenAPI document', () => {
  it('describes the session, account, user and API key routes', async () => {
    const doc = (await (await fetch(`http://127.0.0.1:${svc.httpPort}/api/v1/openapi.json`)).json()) as any;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/session',
        '/setup',
        '/session/totp',
        '/session/recovery',
        '/session/webauthn/options',
        '/session/webauthn',
        '/account',
        '/account/password',
        '/account/totp',
        '/account/totp/confirm',
        '/account/recovery-codes',
        '/account/webauthn',
        '/account/webauthn/options',
        '/account/webauthn/{id}',
        '/users',
        '/users/{id}',
        '/apikeys',
        '/apikeys/{id}',
      ]),
    );
    expect(doc.paths['/session'].post.security).toEqual([]);
    expect(doc.components.schemas.User.type).toBe('object');
    expect(doc.components.schemas.Session.properties.user.anyOf).toEqual([{ $ref: '#/components/schemas/User' }, { type: 'null' }]);
    expect(doc.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'bw_session' });
  });
});
