import { TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/shared/clock.js';
import { SoftAuthenticator } from './helpers/authenticator.js';
import { type ConsoleClient, consoleClient, loggedIn } from './helpers/console-client.js';
import { startTestService, type TestService } from './helpers/service.js';

// WebAuthn needs a host name (not 127.0.0.1) on HTTPS or localhost: the console's address is set to localhost.
const ORIGIN = 'http://localhost:8060';
const clock = fixedClock('2026-11-20T12:00:10Z');
let svc: TestService;

beforeAll(async () => {
  svc = await startTestService({ clock, env: { BACKWATCH_PUBLIC_URL: ORIGIN } });
  for (const [username, role] of [['alice', 'admin'], ['bob', 'viewer'], ['kim', 'admin']]) {
    expect((await svc.api('POST', '/users', { username, password: `${username} password`, role })).status).toBe(201);
  }
});
afterAll(() => svc.destroy());

const login = (username: string) => loggedIn(svc.httpPort, username, `${username} password`);
const codeFor = (secret: string) => new TOTP({ secret, algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: clock.now().getTime() });

/** Logs in with the password; the session then waits for the second factor. */
async function halfLoggedIn(username: string): Promise<ConsoleClient> {
  const b = consoleClient(svc.httpPort);
  const res = await b.request('POST', '/session', { username, password: `${username} password` });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ user: null, mfaRequired: true });
  return b;
}

describe('TOTP', () => {
  let secret: string;
  let recoveryCodes: string[];

  it('is enrolled with a QR code and turned on by a code from the app', async () => {
    const alice = await login('alice');
    const started = await alice.request('POST', '/account/totp');
    expect(started.status).toBe(200);
    secret = started.body.secret;
    expect(started.body.otpauthUrl).toBe(`otpauth://totp/backwatch:alice?issuer=backwatch&secret=${secret}&algorithm=SHA1&digits=6&period=30`);
    expect(started.body.qr).toMatch(/^data:image\/svg\+xml;base64,/);
    expect((await alice.request('GET', '/account')).body).toMatchObject({ user: { totpEnabled: false }, totpPending: true });

    const wrong = await alice.request('POST', '/account/totp/confirm', { code: '000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('totp.invalid_code');
    const confirmed = await alice.request('POST', '/account/totp/confirm', { code: codeFor(secret) });
    expect(confirmed.status).toBe(200);
    recoveryCodes = confirmed.body.recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    expect((await alice.request('GET', '/account')).body).toMatchObject({ user: { totpEnabled: true }, totpPending: false, recoveryCodesLeft: 10 });
    expect((await alice.request('POST', '/account/totp')).body.error.code).toBe('totp.enabled');
  });

  it('then asks for a code at login, and the half-open session reaches nothing else', async () => {
    clock.advance(30_000);
    const b = await halfLoggedIn('alice');
    const session = await b.request('GET', '/session');
    expect(session.body).toMatchObject({ user: null, mfaPending: true, mfaMethods: ['totp', 'recovery'], csrfToken: expect.any(String) });
    const blocked = await b.request('GET', '/checks');
    expect(blocked.status).toBe(401);
    expect(blocked.body.error.code).toBe('session.mfa_pending');
    expect((await b.request('GET', '/account')).status).toBe(401);

    const wrong = await b.request('POST', '/session/totp', { code: '123456' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('mfa.invalid_code');
    const halfCookie = b.cookies.get('bw_session');
    const ok = await b.request('POST', '/session/totp', { code: codeFor(secret) });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ user: { username: 'alice', totpEnabled: true }, mfaRequired: false });
    expect(b.cookies.get('bw_session')).not.toBe(halfCookie);
    expect((await b.request('GET', '/checks')).status).toBe(200);
  });

  it('accepts each code once', async () => {
    const code = codeFor(secret);
    const b = await halfLoggedIn('alice');
    expect((await b.request('POST', '/session/totp', { code })).body.error.code).toBe('mfa.invalid_code');
    clock.advance(30_000);
    expect((await b.request('POST', '/session/totp', { code: codeFor(secret) })).status).toBe(200);
  });

  it('lets recovery codes stand in, each once', async () => {
    const first = await halfLoggedIn('alice');
    expect((await first.request('POST', '/session/recovery', { code: recoveryCodes[0]!.toUpperCase() })).status).toBe(200);
    const second = await halfLoggedIn('alice');
    expect((await second.request('POST', '/session/recovery', { code: recoveryCodes[0] })).body.error.code).toBe('mfa.invalid_code');
    expect((await second.request('POST', '/session/recovery', { code: recoveryCodes[1] })).status).toBe(200);
    expect((await second.request('GET', '/account')).body.recoveryCodesLeft).toBe(8);
  });

  it('makes a new set of recovery codes on the password, retiring the old', async () => {
    const b = await halfLoggedIn('alice');
    clock.advance(30_000);
    await b.request('POST', '/session/totp', { code: codeFor(secret) });
    expect((await b.request('POST', '/account/recovery-codes', { password: 'wrong password' })).body.error.code).toBe('password.wrong');
    const fresh = await b.request('POST', '/account/recovery-codes', { password: 'alice password' });
    expect(fresh.body.recoveryCodes).toHaveLength(10);
    const old = await halfLoggedIn('alice');
    expect((await old.request('POST', '/session/recovery', { code: recoveryCodes[2] })).status).toBe(401);
    expect((await old.request('POST', '/session/recovery', { code: fresh.body.recoveryCodes[0] })).status).toBe(200);
    recoveryCodes = fresh.body.recoveryCodes;
  });

  it('counts wrong codes as failed logins', async () => {
    const b = await halfLoggedIn('alice');
    for (let i = 0; i < 5; i++) expect((await b.request('POST', '/session/totp', { code: `11111${i}` })).status).toBe(401);
    const locked = await b.request('POST', '/session/totp', { code: codeFor(secret) });
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('900');
    expect((await consoleClient(svc.httpPort).request('POST', '/session', { username: 'alice', password: 'alice password' })).status).toBe(429);
    clock.advance(15 * 60_000);
  });

  it('is turned off with the password, and login needs only the password again', async () => {
    const b = await halfLoggedIn('alice');
    clock.advance(30_000);
    await b.request('POST', '/session/totp', { code: codeFor(secret) });
    expect((await b.request('DELETE', '/account/totp', { password: 'wrong password' })).status).toBe(403);
    expect((await b.request('DELETE', '/account/totp', { password: 'alice password' })).status).toBe(204);
    expect((await b.request('GET', '/account')).body).toMatchObject({ user: { totpEnabled: false }, recoveryCodesLeft: 0 });
    const again = await login('alice');
    expect((await again.request('GET', '/session')).body).toMatchObject({ user: { username: 'alice' }, mfaMethods: [] });
  });

  it('is each user\'s own: viewers enrol too, and an administrator can reset it', async () => {
    const bob = await login('bob');
    const { secret: bobSecret } = (await bob.request('POST', '/account/totp')).body;
    expect((await bob.request('POST', '/account/totp/confirm', { code: codeFor(bobSecret) })).status).toBe(200);
    await halfLoggedIn('bob');
    const id = (await bob.request('GET', '/account')).body.user.id;
    expect((await svc.api('PATCH', `/users/${id}`, { resetMfa: true })).body).toMatchObject({ totpEnabled: false });
    await login('bob');
  });
});

describe('WebAuthn security keys', () => {
  const key = new SoftAuthenticator(ORIGIN, 'localhost');

  it('offers registration options for this relying party', async () => {
    const kim = await login('kim');
    expect((await kim.request('GET', '/account')).body.webauthnAvailable).toBe(true);
    const options = await kim.request('POST', '/account/webauthn/options');
    expect(options.status).toBe(200);
    expect(options.body).toMatchObject({
      rp: { id: 'localhost', name: 'backwatch' },
      user: { name: 'kim', id: expect.any(String) },
      challenge: expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/),
      attestation: 'none',
      excludeCredentials: [],
    });
    expect(options.body.pubKeyCredParams.map((p: { alg: number }) => p.alg)).toContain(-7);
  });

  it('refuses a response that does not verify, and one without a ceremony under way', async () => {
    const kim = await login('kim');
    await kim.request('POST', '/account/webauthn/options');
    const bogus = { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: { clientDataJSON: 'e30', attestationObject: 'oA' }, clientExtensionResults: {} };
    const refused = await kim.request('POST', '/account/webauthn', { name: 'Bogus', response: bogus });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('webauthn.invalid');
    // The challenge was spent on the failed attempt.
    const options = await kim.request('POST', '/account/webauthn/options');
    expect((await kim.request('POST', '/account/webauthn', { name: 'Wrong origin', response: new SoftAuthenticator('http://evil.localhost', 'localhost').register(options.body) })).status).toBe(400);
    expect((await kim.request('POST', '/account/webauthn', { name: 'Late', response: key.register(options.body) })).status).toBe(400);
    expect((await kim.request('POST', '/account/webauthn', { name: 'No body' })).status).toBe(400);
  });

  it('registers a key, with recovery codes as the first second factor', async () => {
    const kim = await login('kim');
    const options = await kim.request('POST', '/account/webauthn/options');
    const added = await kim.request('POST', '/account/webauthn', { name: 'YubiKey', response: key.register(options.body) });
    expect(added.status).toBe(201);
    expect(added.body.credential).toMatchObject({ name: 'YubiKey', transports: ['usb'], lastUsedAt: null });
    expect(added.body.recoveryCodes).toHaveLength(10);
    expect((await kim.request('GET', '/account/webauthn')).body.items).toEqual([added.body.credential]);
    const again = await kim.request('POST', '/account/webauthn/options');
    expect(again.body.excludeCredentials).toEqual([expect.objectContaining({ id: key.id })]);
  });

  it('then asks for the key at login', async () => {
    const b = await halfLoggedIn('kim');
    expect((await b.request('GET', '/session')).body.mfaMethods).toEqual(['webauthn', 'recovery']);
    const options = await b.request('POST', '/session/webauthn/options');
    expect(options.body).toMatchObject({ rpId: 'localhost', allowCredentials: [expect.objectContaining({ id: key.id })] });
    const stranger = new SoftAuthenticator(ORIGIN, 'localhost');
    expect((await b.request('POST', '/session/webauthn', { response: stranger.authenticate(options.body) })).body.error.code).toBe('webauthn.invalid');

    const retry = await b.request('POST', '/session/webauthn/options');
    const ok = await b.request('POST', '/session/webauthn', { response: key.authenticate(retry.body) });
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ username: 'kim', webauthnCount: 1 });
    expect((await b.request('GET', '/account/webauthn')).body.items[0].lastUsedAt).toBe(clock.now().toISOString());
  });

  it('is removed, and the recovery codes with the last second factor', async () => {
    const b = await halfLoggedIn('kim');
    const ok = await b.request('POST', '/session/webauthn', { response: key.authenticate((await b.request('POST', '/session/webauthn/options')).body) });
    expect(ok.status).toBe(200);
    const [credential] = (await b.request('GET', '/account/webauthn')).body.items;
    expect((await b.request('DELETE', `/account/webauthn/${credential.id}`)).status).toBe(204);
    expect((await b.request('DELETE', `/account/webauthn/${credential.id}`)).status).toBe(404);
    expect((await b.request('GET', '/account')).body).toMatchObject({ user: { webauthnCount: 0 }, recoveryCodesLeft: 0 });
    await login('kim');
  });
});
