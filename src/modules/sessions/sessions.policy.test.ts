import { describe, expect, it } from 'vitest';
import { type Caller, refusal, sessionExpired } from './sessions.policy.js';

const admin: Caller = { kind: 'session', role: 'admin', mfaPending: false, csrfValid: true };
const viewer: Caller = { kind: 'session', role: 'viewer', mfaPending: false, csrfValid: true };
const code = (method: string, path: string, caller: Caller) => refusal(method, path, caller)?.code ?? 'ok';

describe('who may do what', () => {
  it.each([
    ['GET', '/health'],
    ['GET', '/openapi.json'],
    ['GET', '/docs/swagger-ui.css'],
    ['GET', '/session'],
    ['POST', '/session'],
    ['POST', '/setup'],
    ['POST', '/session/totp'],
    ['POST', '/session/webauthn/options'],
  ])('%s %s is open without credentials', (method, path) => {
    expect(code(method, path, null)).toBe('ok');
  });

  it.each([
    ['GET', '/checks'],
    ['GET', '/account'],
    ['POST', '/checks'],
    ['GET', '/sessions'],
    ['GET', '/session/x'],
  ])('%s %s needs credentials', (method, path) => {
    expect(code(method, path, null)).toBe('unauthorized');
  });

  it('lets API keys do everything, without CSRF tokens', () => {
    for (const [m, p] of [['POST', '/checks'], ['DELETE', '/users/1'], ['GET', '/apikeys']]) expect(code(m!, p!, { kind: 'apikey' })).toBe('ok');
  });

  it('wants the CSRF token on every change made with a session, the login steps included', () => {
    const noToken = { ...admin, csrfValid: false };
    expect(code('GET', '/checks', noToken)).toBe('ok');
    expect(code('HEAD', '/checks', noToken)).toBe('ok');
    for (const m of ['POST', 'PATCH', 'PUT', 'DELETE']) expect(code(m, '/checks/1', noToken)).toBe('csrf.invalid');
    expect(code('DELETE', '/session', noToken)).toBe('csrf.invalid');
    expect(code('POST', '/session/totp', { ...noToken, mfaPending: true })).toBe('csrf.invalid');
  });

  it('lets a session awaiting its second factor reach only the login steps', () => {
    const pending = { ...admin, mfaPending: true };
    expect(code('POST', '/session/totp', pending)).toBe('ok');
    expect(code('POST', '/session/recovery', pending)).toBe('ok');
    expect(code('GET', '/session', pending)).toBe('ok');
    expect(code('DELETE', '/session', pending)).toBe('ok');
    expect(code('GET', '/checks', pending)).toBe('session.mfa_pending');
    expect(code('GET', '/account', pending)).toBe('session.mfa_pending');
  });

  it('lets viewers read, and change only their own account', () => {
    expect(code('GET', '/checks', viewer)).toBe('ok');
    expect(code('GET', '/settings', viewer)).toBe('ok');
    expect(code('POST', '/checks', viewer)).toBe('forbidden');
    expect(code('POST', '/checks/1/test', viewer)).toBe('forbidden');
    expect(code('PATCH', '/settings', viewer)).toBe('forbidden');
    expect(code('POST', '/account/password', viewer)).toBe('ok');
    expect(code('DELETE', '/account/webauthn/3', viewer)).toBe('ok');
    expect(code('DELETE', '/session', viewer)).toBe('ok');
    expect(code('POST', '/accounts', viewer)).toBe('forbidden');
  });

  it('keeps users and API keys from viewers even for reading', () => {
    for (const p of ['/users', '/users/2', '/apikeys', '/apikeys/1']) expect(code('GET', p, viewer)).toBe('forbidden');
    expect(code('GET', '/users', admin)).toBe('ok');
    expect(code('GET', '/usersx', viewer)).toBe('ok'); // no such route: a 404 follows
  });

  it("keeps a channel's sign-in from viewers, its poll included (it saves the grant)", () => {
    for (const m of ['GET', 'POST', 'DELETE']) expect(code(m, '/channels/4/connect', viewer)).toBe('forbidden');
    expect(code('GET', '/channels/4/connect', admin)).toBe('ok');
    for (const path of ['/channels/4/lookups', '/channels/4/lookups/boards']) {
      expect(code('GET', path, viewer)).toBe('forbidden');
      expect(code('GET', path, admin)).toBe('ok');
    }
    expect(code('GET', '/channels/4', viewer)).toBe('ok');
  });
});

describe('session expiry', () => {
  const at = (iso: string) => new Date(iso);
  const s = { created_at: '2026-11-20T12:00:00.000Z', last_seen_at: '2026-11-20T12:00:00.000Z', mfa_pending: 0 };

  it('ends a session idle longer than the timeout, not one idle exactly that long', () => {
    expect(sessionExpired(s, at('2026-11-20T12:30:00Z'), 30)).toBe(false);
    expect(sessionExpired(s, at('2026-11-20T12:30:00.001Z'), 30)).toBe(true);
    expect(sessionExpired(s, at('2026-11-20T12:30:00.001Z'), 60)).toBe(false);
  });

  it('ends a session awaiting its second factor after 10 minutes even if active', () => {
    const pending = { ...s, mfa_pending: 1, last_seen_at: '2026-11-20T12:09:00.000Z' };
    expect(sessionExpired(pending, at('2026-11-20T12:10:00Z'), 30)).toBe(false);
    expect(sessionExpired(pending, at('2026-11-20T12:10:01Z'), 30)).toBe(true);
  });
});
