import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, consoleContext, launchBrowser, loggedIn, screenshot } from '../helpers/browser.js';
import { startTestService, type TestService } from '../helpers/service.js';

const PASSWORD = 'a long enough password 1';

let svc: TestService;
let browser: Browser;
let admin: BrowserContext;
let page: Page;

const report = (subject: string, to: string) =>
  [`From: "Backup Server" <backup@client.example>`, `To: ${to}`, `Subject: ${subject}`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', 'Job finished.', ''].join('\r\n');

const boardRow = (p: Page, name: string): Locator => p.locator('.board-row', { has: p.getByRole('link', { name, exact: true }) });
const userRow = (name: string): Locator => page.locator('[data-table="users"] tbody tr', { has: page.getByRole('cell', { name, exact: true }) });
/** What the users table says a user may see. */
const seen = (name: string, groups: string) => userRow(name).getByRole('cell', { name: `${groups} Change the checks ${name} may see`, exact: true });

describe.skipIf(browserMissing)('a user limited to some groups', () => {
  beforeAll(async () => {
    svc = await startTestService();
    for (const [name, group] of [
      ['Acme: Files', 'Acme'],
      ['Acme: Mail', 'Acme'],
      ['Beta: Server', 'Beta'],
      ['Loner', undefined],
    ]) {
      const check = await svc.api('POST', '/checks', { name, ...(group && { group }) });
      expect(check.status).toBe(201);
      expect((await svc.send(report(`Success: ${name}`, check.body.address), [check.body.address])).code).toBe(250);
    }
    browser = await launchBrowser();
    admin = await consoleContext(browser, svc);
    expect((await admin.request.post('/api/v1/setup', { data: { username: 'admin', password: PASSWORD } })).status()).toBe(201);
    expect((await svc.api('POST', '/users', { username: 'tech', password: PASSWORD, role: 'viewer' })).status).toBe(201);
    admin.setDefaultTimeout(10_000);
    page = await admin.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await svc?.destroy();
  });

  it('is limited by an administrator in Users: all groups, or only the ones chosen', async () => {
    await page.goto('/users');
    await seen('tech', 'All groups').waitFor();
    await page.getByRole('button', { name: 'Change the checks tech may see' }).click();
    const editor = page.getByRole('form', { name: 'Checks tech may see' });
    await editor.getByLabel('Only these groups').check();
    await editor.getByRole('group', { name: 'Groups they may see' }).getByLabel('Acme').check();
    await screenshot(page, 'users-limit');
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.waitFor({ state: 'detached' });
    await seen('tech', 'Acme').waitFor();
    const users = (await svc.api('GET', '/users')).body.items as { username: string; groupIds: number[] | null }[];
    const groups = (await svc.api('GET', '/groups')).body.items as { id: number; name: string }[];
    expect(users.find((u) => u.username === 'tech')!.groupIds).toEqual([groups.find((g) => g.name === 'Acme')!.id]);

    // A new viewer limited from the start.
    const add = page.locator('form.user-form').first();
    await add.getByRole('textbox', { name: 'User name' }).fill('beta-tech');
    await add.getByLabel('Password').fill(PASSWORD);
    await add.getByLabel('Only these groups').check();
    await add.getByRole('group', { name: 'Groups they may see' }).getByLabel('Beta').check();
    await add.getByRole('button', { name: 'Add user' }).click();
    await seen('beta-tech', 'Beta').waitFor();
  });

  it("shows that user only their customer's checks on the home page, and pages that work without the rest", async () => {
    const tech = await consoleContext(browser, svc);
    tech.setDefaultTimeout(10_000);
    const home = await loggedIn(tech, 'tech', PASSWORD);
    await boardRow(home, 'Acme: Files').waitFor();
    await boardRow(home, 'Acme: Mail').waitFor();
    await expect(boardRow(home, 'Beta: Server').count()).resolves.toBe(0);
    await expect(boardRow(home, 'Loner').count()).resolves.toBe(0);
    await expect(home.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Unmatched' }).count()).resolves.toBe(0);
    await screenshot(home, 'recent-activity-limited');

    // Each page with what it shows once its lists are in: theirs, or an empty list, never an error.
    for (const [path, heading, shown] of [
      ['/checks', 'Checks', home.getByRole('link', { name: 'Acme: Files', exact: true })],
      ['/activity', 'Activity', home.getByText('Success: Acme: Mail')],
      ['/channels', 'Channels and ticketing', home.getByText('No channels yet.')],
      ['/deliveries', 'Deliveries', home.getByText('Nothing sent yet', { exact: false })],
      ['/account', 'My account', home.getByText('You see the checks of these groups only: Acme.')],
    ] as const) {
      await home.goto(path);
      await home.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
      await shown.first().waitFor();
      await expect(home.getByRole('alert').count(), path).resolves.toBe(0);
    }
    await home.goto('/checks');
    await home.getByRole('link', { name: 'Acme: Mail', exact: true }).waitFor();
    await expect(home.getByRole('link', { name: 'Beta: Server', exact: true }).count()).resolves.toBe(0);
    await tech.close();
  });
});
