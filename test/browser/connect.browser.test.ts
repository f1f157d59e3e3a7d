import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/shared/clock.js';
import { browserMissing, consoleContext, launchBrowser, loggedIn, screenshot } from '../helpers/browser.js';
import { CLIENT_ID, type FakeMicrosoft, LIST_ID, startFakeMicrosoft, TENANT } from '../helpers/fake-microsoft.js';
import { startTestService, type TestService } from '../helpers/service.js';

// Microsoft To Do signs in as a person: the console shows the device code and waits, polling at the
// interval Microsoft gives, until the person has signed in (here: the stand-in sign-in page approves).

const PASSWORD = 'a long enough password 1';

let svc: TestService;
let ms: FakeMicrosoft;
let browser: Browser;
let context: BrowserContext;
let page: Page;

describe.skipIf(browserMissing)('connecting an account in the console', () => {
  beforeAll(async () => {
    ms = await startFakeMicrosoft(systemClock);
    svc = await startTestService({ env: { BACKWATCH_ALLOW_PRIVATE_WEBHOOKS: 'true' } });
    expect((await svc.api('POST', '/users', { username: 'admin', password: PASSWORD, role: 'admin' })).status).toBe(201);
    browser = await launchBrowser();
    context = await consoleContext(browser, svc);
    context.setDefaultTimeout(15_000);
  });

  afterAll(async () => {
    await browser?.close();
    await svc?.destroy();
    await ms?.close();
  });

  it('shows the code, waits for the sign-in, and then the account', async () => {
    const channel = await svc.api('POST', '/channels', {
      type: 'microsoft-todo',
      name: 'Ops To Do',
      config: { clientId: CLIENT_ID, tenant: TENANT, listId: LIST_ID, apiUrl: ms.apiUrl, loginUrl: ms.loginUrl },
    });
    expect(channel.status, JSON.stringify(channel.body)).toBe(201);
    page = await loggedIn(context, 'admin', PASSWORD, `/channels/${channel.body.id}`);
    await page.locator('[data-connection="not-connected"]').waitFor();
    await page.getByRole('button', { name: 'Connect account' }).click();
    const code = (await page.locator('.connect-user-code code').textContent())!.trim();
    await page.getByRole('link', { name: 'https://microsoft.com/devicelogin' }).waitFor();
    await screenshot(page, 'channel-connect-code');
    ms.approve(code, 'ops@acme.example');
    await page.getByText('Connected as').waitFor();
    expect(await page.locator('[data-connection="connected"] strong').textContent()).toBe('ops@acme.example');
    expect((await svc.api('GET', `/channels/${channel.body.id}`)).body.connection).toEqual({ state: 'connected', account: 'ops@acme.example' });
  });
});
