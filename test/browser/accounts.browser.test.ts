import { TOTP } from 'otpauth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/shared/clock.js';
import { browserMissing, consoleContext, launchBrowser, screenshot } from '../helpers/browser.js';
import { startTestService, type TestService } from '../helpers/service.js';

const clock = fixedClock('2026-11-20T12:00:00Z');
const ADMIN = { username: 'admin', password: 'a long enough password 1' };
let svc: TestService;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let totpSecret = '';

const codeNow = () => new TOTP({ secret: totpSecret, algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: clock.now().getTime() });
const heading = (name: string) => page.getByRole('heading', { level: 1, name, exact: true });

async function logOut() {
  await page.getByLabel('User menu').click();
  await page.getByRole('button', { name: 'Log out' }).click();
  await heading('Log in to backwatch').waitFor();
}

async function typePassword(username = ADMIN.username, password = ADMIN.password) {
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** The second step with a fresh code: the clock moves a step on, since each code works once. */
async function typeCode() {
  await heading('Two-factor authentication').waitFor();
  clock.advance(30_000);
  await page.getByLabel('Code from your authenticator app').fill(codeNow());
  await page.getByRole('button', { name: 'Verify' }).click();
}

describe.skipIf(browserMissing)('Accounts in the console', () => {
  beforeAll(async () => {
    svc = await startTestService({ clock, liveHeartbeatMs: 200 });
    browser = await launchBrowser();
    context = await consoleContext(browser, svc, { host: 'localhost' });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await svc?.destroy();
  });

  it('asks for the first administrator on first start, and logs them in', async () => {
    await page.goto('/');
    await heading('Welcome to backwatch').waitFor();
    await screenshot(page, 'setup');
    await page.getByLabel('User name').fill(ADMIN.username);
    await page.getByLabel('Password (at least 10 characters)').fill(ADMIN.password);
    await page.getByLabel('Password again').fill('something else entirely');
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toBe('The two passwords differ.');
    expect((await svc.api('GET', '/users')).body.items).toEqual([]);

    await page.getByLabel('Password again').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await heading('Recent Activity').waitFor();
    await expect(page.getByLabel('User menu').textContent()).resolves.toBe('admin (administrator)');
    expect((await svc.api('GET', '/users')).body.items).toMatchObject([{ username: 'admin', role: 'admin' }]);

    const other = await (await consoleContext(browser, svc)).newPage();
    await other.goto('/');
    await other.getByRole('heading', { name: 'Log in to backwatch' }).waitFor();
    await other.context().close();
  });

  it('logs out from the user menu, refuses a wrong password, and logs in again', async () => {
    await logOut();
    expect((await context.cookies()).find((c) => c.name === 'bw_session')).toBeUndefined();
    await screenshot(page, 'login');

    await typePassword(ADMIN.username, 'not the password at all');
    await expect(page.getByRole('alert').textContent()).resolves.toBe('wrong username or password');
    await typePassword();
    await heading('Recent Activity').waitFor();
    const cookie = (await context.cookies()).find((c) => c.name === 'bw_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: false, path: '/' });
  });

  it('turns on the authenticator app from a QR code, and then asks for its code at login', async () => {
    await page.getByLabel('User menu').click();
    await page.getByRole('link', { name: 'My account' }).click();
    await heading('My account').waitFor();
    await page.getByRole('button', { name: 'Set up the authenticator app' }).click();
    const qr = page.getByAltText('QR code for the authenticator app');
    await expect(qr.getAttribute('src')).resolves.toMatch(/^data:image\/svg\+xml/);
    expect(await qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    totpSecret = (await page.getByTestId('totp-secret').textContent())!;
    expect(totpSecret).toMatch(/^[A-Z2-7]{32}$/);

    await page.getByLabel('Code', { exact: true }).fill(String((Number(codeNow()) + 1) % 1_000_000).padStart(6, '0'));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByRole('alert').waitFor();
    await page.getByLabel('Code', { exact: true }).fill(codeNow());
    await page.getByRole('button', { name: 'Turn on' }).click();
    const codes = (await page.locator('.recovery-codes').textContent())!.split('\n');
    expect(codes).toHaveLength(10);
    await screenshot(page, 'account-recovery-codes');
    await page.getByRole('button', { name: 'I have kept them' }).click();
    await page.getByText('On: logging in asks for a code from your app.').waitFor();
    await expect(page.getByText('10 unused.').count()).resolves.toBe(1);

    await logOut();
    await typePassword();
    await heading('Two-factor authentication').waitFor();
    await expect(page.getByRole('navigation', { name: 'Main' }).count()).resolves.toBe(0);
    const halfOpen = await context.request.get('/api/v1/checks');
    expect([halfOpen.status(), (await halfOpen.json()).error.code]).toEqual([401, 'session.mfa_pending']);
    await typeCode();
    await heading('Recent Activity').waitFor();

    await logOut();
    await typePassword();
    await heading('Two-factor authentication').waitFor();
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel('Recovery code').fill(codes[3]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await heading('Recent Activity').waitFor();
  });

  it('ends a session left idle: the next page shows the login with a notice, and after it the page asked for', async () => {
    await page.getByRole('link', { name: 'Checks', exact: true }).click();
    await heading('Checks').waitFor();
    clock.advance(31 * 60_000);
    await page.getByRole('link', { name: 'Activity', exact: true }).click();
    await heading('Log in to backwatch').waitFor();
    await page.getByText('Your session ended after a time without activity.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/activity');

    await typePassword();
    await typeCode();
    await heading('Activity').waitFor();
    expect(new URL(page.url()).pathname).toBe('/activity');
  });

  it('ends an idle session on a page left open, through the live stream', async () => {
    await page.goto('/');
    await heading('Recent Activity').waitFor();
    clock.advance(31 * 60_000);
    await heading('Log in to backwatch').waitFor(); // no click: the stream said so within a heartbeat
    await page.getByText('Your session ended after a time without activity.').waitFor();
    await typePassword();
    await typeCode();
    await heading('Recent Activity').waitFor();
  });

  it('registers a security key with the "+" button, and logs in with it', async () => {
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'usb', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    await page.getByLabel('User menu').click();
    await page.getByRole('link', { name: 'My account' }).click();
    page.once('dialog', (d) => void d.accept('Desk key'));
    await page.getByRole('button', { name: 'Add a security key' }).click();
    await page.getByRole('cell', { name: 'Desk key' }).waitFor();
    await screenshot(page, 'account');
    expect((await svc.api('GET', '/users')).body.items[0]).toMatchObject({ totpEnabled: true, webauthnCount: 1 });

    await logOut();
    await typePassword();
    await heading('Two-factor authentication').waitFor();
    await page.getByRole('button', { name: 'Use a security key' }).click();
    await heading('Recent Activity').waitFor();
  });

  it('makes an API key that is shown once, works, shows its last use, and stops working when revoked', async () => {
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('Name of the new key').fill('monitoring script');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = (await page.getByTestId('new-key').textContent())!;
    expect(key).toMatch(/^bw_/);
    const row = page.getByRole('row', { name: /monitoring script/ });
    await expect(row.textContent()).resolves.toContain('never');

    const call = () => fetch(`http://127.0.0.1:${svc.httpPort}/api/v1/checks`, { headers: { authorization: `Bearer ${key}` } });
    expect((await call()).status).toBe(200);
    await page.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByTestId('new-key').count()).resolves.toBe(0);
    await page.reload();
    await expect(row.textContent()).resolves.not.toContain('never');
    await screenshot(page, 'api-keys');

    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByText(/^revoked/).waitFor();
    expect((await call()).status).toBe(401);
  });

  it('adds a viewer, who logs in to a console without its administration', async () => {
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('textbox', { name: 'User name' }).fill('watcher');
    await page.getByRole('textbox', { name: 'Password' }).fill('a viewer password');
    await page.getByRole('combobox', { name: 'Role', exact: true }).selectOption('viewer');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('cell', { name: 'watcher', exact: true }).waitFor();

    const viewer = await (await consoleContext(browser, svc)).newPage();
    await viewer.goto('/');
    await viewer.getByLabel('User name').fill('watcher');
    await viewer.getByLabel('Password').fill('a viewer password');
    await viewer.getByRole('button', { name: 'Log in' }).click();
    await viewer.getByRole('heading', { name: 'Recent Activity' }).waitFor();
    await expect(viewer.getByLabel('User menu').textContent()).resolves.toBe('watcher (viewer)');
    const nav = await viewer.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    expect(nav).toEqual(['Recent Activity', 'Checks', 'Activity', 'Unmatched', 'Channels', 'Deliveries']);
    expect((await viewer.context().request.get('/api/v1/apikeys')).status()).toBe(403);
    await viewer.context().close();
  });
});
