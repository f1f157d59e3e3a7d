import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, consoleContext, launchBrowser, loggedIn, screenshot } from '../helpers/browser.js';
import { type BrowserSubscription, type PushService, startPushService } from '../helpers/push-service.js';
import { startTestService, type TestService } from '../helpers/service.js';

// Push in a real Chromium: the console's own page and service worker. What Chromium cannot do here is reach
// its vendor's push service (there is no internet), so PushManager.subscribe answers a subscription made by the
// stand-in push service instead, and the message that service decrypted is handed to the service worker
// through the DevTools protocol, as the browser's push service would.

const PASSWORD = 'a long enough password 1';

let svc: TestService;
let push: PushService;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let subscription: BrowserSubscription;

const report = (subject: string, to: string) =>
  [`From: "Backup Server" <backup@client.example>`, `To: ${to}`, `Subject: ${subject}`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', 'Job finished.', ''].join('\r\n');

describe.skipIf(browserMissing)('push notifications in the browser', () => {
  beforeAll(async () => {
    push = await startPushService();
    svc = await startTestService({ env: { BACKWATCH_ALLOW_PRIVATE_WEBHOOKS: 'true' } });
    const publicKey = (await svc.api('GET', '/settings/personal-notifications')).body.push.publicKey as string;
    subscription = push.subscribe(publicKey);
    browser = await launchBrowser();
    context = await consoleContext(browser, svc, { host: 'localhost' });
    context.setDefaultTimeout(10_000);
    expect((await svc.api('POST', '/users', { username: 'alice@example.com', password: PASSWORD, role: 'viewer' })).status).toBe(201);
    await context.grantPermissions(['notifications'], { origin: `http://localhost:${svc.httpPort}` });
    await context.addInitScript((sub) => {
      const made = { endpoint: sub.endpoint, options: null as unknown, toJSON: () => sub, getKey: () => null, unsubscribe: async () => true };
      PushManager.prototype.subscribe = async function (options?: PushSubscriptionOptionsInit) {
        const key = options?.applicationServerKey;
        made.options = key instanceof Uint8Array ? btoa(String.fromCharCode(...key)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') : null;
        (window as unknown as { pushOptions: unknown }).pushOptions = made.options;
        return made as unknown as PushSubscription;
      };
      PushManager.prototype.getSubscription = async () => null;
    }, subscription);
    page = await loggedIn(context, 'alice@example.com', PASSWORD, '/account');
  });

  afterAll(async () => {
    await browser?.close();
    await svc?.destroy();
    await push?.close();
  });

  it('enabling push in My account registers the service worker and the browser', async () => {
    await page.getByRole('button', { name: 'Enable push in this browser' }).click();
    await page.getByText('Push is on in this browser.').waitFor();
    const publicKey = (await svc.api('GET', '/settings/personal-notifications')).body.push.publicKey;
    expect(await page.evaluate(() => (window as unknown as { pushOptions: string }).pushOptions)).toBe(publicKey);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration('/'))?.active?.scriptURL)).toMatch(/\/sw\.js$/);
    await page.getByRole('checkbox', { name: 'Push (this browser)' }).check();
    await page.getByText('Saved.').waitFor();
    await page.locator('.push-browsers li').first().waitFor();
    await screenshot(page, 'account-notifications');
  });

  it('an administrator sets up Pushover for the organization in Settings', async () => {
    expect((await svc.api('POST', '/users', { username: 'admin', password: PASSWORD, role: 'admin' })).status).toBe(201);
    const adminContext = await consoleContext(browser, svc);
    const admin = await loggedIn(adminContext, 'admin', PASSWORD, '/settings?tab=personal');
    const pushover = admin.locator('form', { has: admin.getByRole('heading', { name: 'Pushover' }) });
    await pushover.getByLabel('Application token').fill('azGDORePK8gMaC0QOYAMyEEuzJnyUi');
    await pushover.getByRole('button', { name: 'Save' }).click();
    await admin.getByText('Pushover saved.').waitFor();
    await screenshot(admin, 'settings-personal-notifications');
    const media = (await svc.api('GET', '/settings/personal-notifications')).body;
    expect(media.pushover.appToken).toBe('…yUi');
    expect(media.available).toContain('pushover');
    await adminContext.close();
  });

  it('a failure reaches the push service, and the pushed message shows as a notification', async () => {
    const check = (await svc.api('POST', '/checks', { name: 'Acme: Files', status: { success: { rules: [{ field: 'subject', operator: 'startsWith', value: 'Success' }] } } })).body;
    expect((await svc.send(report('Failed: Acme: Files', check.address), [check.address])).code).toBe(250);
    svc.deliveries.wake();
    await svc.deliveries.idle();
    expect(push.refused).toEqual([]);
    const pushed = push.received.find((m) => m.endpoint === subscription.endpoint)!;
    expect(JSON.parse(pushed.text)).toMatchObject({ title: 'Failure: Acme: Files', url: `http://127.0.0.1:${svc.httpPort}/checks/${check.id}` });

    const cdp = await context.newCDPSession(page);
    const registrations = new Promise<string>((resolve) =>
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const ours = registrations.find((r: { scopeURL: string; isDeleted: boolean }) => r.scopeURL.startsWith('http://localhost') && !r.isDeleted);
        if (ours) resolve(ours.registrationId);
      }),
    );
    await cdp.send('ServiceWorker.enable');
    const registrationId = await registrations;
    const shown = () => page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag })));
    // DevTools hands the push to the worker as a browser's push service would; on a loaded machine a worker still
    // waking may miss it, and a push service would send it again: so does the test, at most three times.
    for (let tries = 0; tries < 3 && !(await shown()).length; tries++) {
      await cdp.send('ServiceWorker.deliverPushMessage', { origin: `http://localhost:${svc.httpPort}`, registrationId, data: pushed.text });
      await expect.poll(shown, { timeout: 5_000 }).toHaveLength(1).catch(() => {});
    }
    expect(await shown()).toEqual([expect.objectContaining({ title: 'Failure: Acme: Files', tag: expect.stringContaining('Acme: Files') })]);
  });
});
