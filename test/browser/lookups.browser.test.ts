import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, consoleContext, launchBrowser, loggedIn, screenshot } from '../helpers/browser.js';
import { type FakeAutotask, startFakeAutotask } from '../helpers/fake-autotask.js';
import { type FakeConnectWise, startFakeConnectWise } from '../helpers/fake-connectwise.js';
import { type FakeGitLab, GITLAB_TOKEN, startFakeGitLab } from '../helpers/fake-gitlab.js';
import { type TestService, startTestService } from '../helpers/service.js';

const ADMIN = { username: 'admin', password: 'correct horse battery' };
const VIEWER = { username: 'viewer', password: 'viewer password 1' };

/** Pages load and ask the vendor on their own time: wait for what they show. */
const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });

describe.skipIf(browserMissing)("a ticketing system's lists in the console", () => {
  let svc: TestService;
  let gitlab: FakeGitLab;
  let connectwise: FakeConnectWise;
  let autotask: FakeAutotask;
  let browser: Browser;
  let admin: BrowserContext;
  let page: Page;
  let channelId: number;
  let groupId: number;
  let checkId: number;

  beforeAll(async () => {
    gitlab = await startFakeGitLab();
    connectwise = await startFakeConnectWise();
    autotask = await startFakeAutotask();
    svc = await startTestService({ env: { BACKWATCH_ALLOW_PRIVATE_WEBHOOKS: 'true' } });
    const channel = await svc.api('POST', '/channels', { type: 'gitlab', name: 'Acme GitLab', config: { url: gitlab.vendor.url, token: GITLAB_TOKEN, project: 'acme/backups' } });
    expect(channel.status).toBe(201);
    channelId = channel.body.id;
    const check = await svc.api('POST', '/checks', { name: 'Acme: Mail', group: 'Acme Corp', matching: { rules: [{ field: 'subject', operator: 'contains', value: 'Mail' }] } });
    expect(check.status).toBe(201);
    checkId = check.body.id;
    groupId = (await svc.api('GET', '/groups')).body.items.find((g: { name: string }) => g.name === 'Acme Corp').id;
    browser = await launchBrowser();
    admin = await consoleContext(browser, svc);
    expect((await admin.request.post('/api/v1/setup', { data: ADMIN })).status()).toBe(201);
    expect((await svc.api('POST', '/users', { ...VIEWER, role: 'viewer' })).status).toBe(201);
    page = await admin.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.destroy();
    await gitlab?.vendor.close();
    await connectwise?.vendor.close();
    await autotask?.vendor.close();
  });

  const options = () => page.getByRole('listbox', { name: 'project list' }).getByRole('option');
  const projectInput = () => page.getByLabel('Project', { exact: true });

  it("chooses a channel's project from the vendor's list: paged, searched, picked, saved", async () => {
    await page.goto(`/channels/${channelId}`);
    await eventually(() => projectInput().inputValue()).toBe('acme/backups');
    const choose = page.getByRole('button', { name: 'Choose project', exact: true });
    await choose.click();
    const dialog = page.getByRole('dialog', { name: 'Choose project' });
    await eventually(() => options().count()).toBe(50);
    expect(await options().first().textContent()).toBe('Acme / Backups acme/backups');
    await eventually(() => dialog.getByRole('combobox').evaluate((el) => el === document.activeElement)).toBe(true);

    await dialog.getByRole('button', { name: 'More' }).click();
    await eventually(() => options().count()).toBe(60);
    expect(await options().last().textContent()).toBe('Clients / Client 58 clients/client-58');
    expect(await dialog.getByRole('button', { name: 'More' }).count()).toBe(0);

    await dialog.getByRole('combobox', { name: 'Search the project list' }).fill('client-4');
    await eventually(() => options().count()).toBe(11);
    expect(await options().allTextContents()).toContain('Clients / Client 42 clients/client-42');
    await screenshot(page, 'lookup-picker');
    await options().filter({ hasText: 'clients/client-42' }).click();
    expect(await dialog.count()).toBe(0);
    expect(await projectInput().inputValue()).toBe('clients/client-42');
    expect(await choose.evaluate((el) => el === document.activeElement)).toBe(true);

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await eventually(() => page.getByRole('status').filter({ hasText: 'Saved.' }).isVisible()).toBe(true);
    expect((await svc.api('GET', `/channels/${channelId}`)).body.config.project).toBe('clients/client-42');
  });

  it('is used from the keyboard: arrows and Enter pick, Escape closes and gives the focus back', async () => {
    await page.goto(`/channels/${channelId}`);
    await eventually(() => projectInput().inputValue()).toBe('clients/client-42');
    const choose = page.getByRole('button', { name: 'Choose project', exact: true });
    await choose.focus();
    await page.keyboard.press('Enter');
    await eventually(() => options().count()).toBe(50);
    await page.keyboard.press('Escape');
    expect(await page.getByRole('dialog', { name: 'Choose project' }).count()).toBe(0);
    expect(await choose.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await projectInput().inputValue()).toBe('clients/client-42');

    await page.keyboard.press('Enter');
    const search = page.getByRole('combobox', { name: 'Search the project list' });
    await eventually(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('client-5');
    // clients/client-5, then client-50 to client-58.
    await eventually(() => options().count()).toBe(10);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await options().nth(2).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    expect(await projectInput().inputValue()).toBe('clients/client-51');
    // The Enter that picked did not submit the form.
    expect((await svc.api('GET', `/channels/${channelId}`)).body.config.project).toBe('clients/client-42');
  });

  it("shows a project the vendor does not have under the field, in the vendor's words", async () => {
    await page.goto(`/channels/${channelId}`);
    await eventually(() => projectInput().inputValue()).toBe('clients/client-42');
    await projectInput().fill('acme/nothing-here');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const error = page.locator('[data-field="project"] .field-error');
    await eventually(() => error.textContent()).toBe('no project "acme/nothing-here"');
    expect(await projectInput().getAttribute('aria-invalid')).toBe('true');
    expect((await svc.api('GET', `/channels/${channelId}`)).body.config.project).toBe('clients/client-42');
  });

  it("says what the vendor answered when its list cannot be read", async () => {
    await page.goto(`/channels/${channelId}`);
    await eventually(() => projectInput().inputValue()).toBe('clients/client-42');
    gitlab.vendor.down = { status: 503, text: 'maintenance' };
    try {
      await page.getByRole('button', { name: 'Choose project', exact: true }).click();
      const alert = page.getByRole('dialog', { name: 'Choose project' }).getByRole('alert');
      await eventually(() => alert.textContent()).toContain("the vendor's project list");
      expect(await alert.textContent()).toContain('503');
      expect(await options().count()).toBe(0);
    } finally {
      gitlab.vendor.down = null;
    }
  });

  it("names the field of each setting the vendor does not have in a test's outcome", async () => {
    // Saved while ConnectWise could not be asked, so nothing checked the board then.
    connectwise.vendor.down = { status: 503 };
    const saved = await svc.api('POST', '/channels', { type: 'connectwise', name: 'Acme ConnectWise', config: { ...connectwise.credentials(), companyId: '250', boardId: 99 } });
    connectwise.vendor.down = null;
    expect(saved.status).toBe(201);
    await page.goto(`/channels/${saved.body.id}`);
    await page.getByRole('button', { name: 'Send a test' }).click();
    const outcome = page.getByRole('status', { name: 'Test outcome' });
    await eventually(() => outcome.textContent()).toContain('The test failed');
    expect(await outcome.locator('[data-problem="config.boardId"]').textContent()).toBe('Service board ID: no service board "99"');
    expect(await page.locator('[data-field="boardId"] .field-error').textContent()).toBe('no service board "99"');
  });

  it('waits for the setting a dependent list needs, and sends it as the parent', async () => {
    const channel = await svc.api('POST', '/channels', { type: 'connectwise', name: 'Acme PSA', config: { ...connectwise.credentials(), companyId: '250', boardId: 12 } });
    expect(channel.status, JSON.stringify(channel.body)).toBe(201);
    await page.goto(`/channels/${channel.body.id}`);
    const board = page.getByLabel('Service board ID', { exact: true });
    await eventually(() => board.inputValue()).toBe('12');
    await board.fill('');
    const chooseClosed = page.getByRole('button', { name: 'Choose status for Closed status', exact: true });
    await chooseClosed.click();
    expect(await page.getByRole('status').filter({ hasText: 'Choose a service board first.' }).isVisible()).toBe(true);
    expect(await page.getByRole('dialog', { name: 'Choose status for Closed status' }).count()).toBe(0);

    await board.fill('3');
    await chooseClosed.click();
    const option = page.getByRole('listbox', { name: 'status list' }).getByRole('option');
    await eventually(() => option.allTextContents()).toEqual(['New 31']);
    expect(connectwise.vendor.requests.filter((r) => r.path.endsWith('/service/boards/3/statuses'))).toHaveLength(1);
    await page.keyboard.press('Escape');
    await board.fill('12');
    await chooseClosed.click();
    await eventually(() => option.allTextContents()).toEqual(['>Closed 78', 'Done (backups) 77', 'New 1']);
    await option.filter({ hasText: 'Done (backups)' }).click();
    expect(await page.getByLabel('Closed status', { exact: true }).inputValue()).toBe('77');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await eventually(async () => (await svc.api('GET', `/channels/${channel.body.id}`)).body.config.closedStatus).toBe(77);
    expect(connectwise.vendor.refused).toEqual([]);
  });

  it('adds a choice to a setting that takes several', async () => {
    const channel = await svc.api('POST', '/channels', { type: 'autotask', name: 'Acme Autotask', config: { ...autotask.credentials(), companyId: 174, queueId: 29682833 } });
    expect(channel.status, JSON.stringify(channel.body)).toBe(201);
    await page.goto(`/channels/${channel.body.id}`);
    const done = page.getByRole('group', { name: 'Statuses that mean done', exact: true }).getByRole('spinbutton');
    await eventually(() => done.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual(['5']);
    await page.getByRole('button', { name: 'Choose status for Statuses that mean done', exact: true }).click();
    const option = page.getByRole('listbox', { name: 'status list' }).getByRole('option');
    await eventually(() => option.count()).toBe(3);
    await option.filter({ hasText: 'Resolved by customer' }).click();
    expect(await done.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual(['5', '17']);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await eventually(async () => (await svc.api('GET', `/channels/${channel.body.id}`)).body.config.closedStatuses).toEqual([5, 17]);
    expect(autotask.vendor.refused).toEqual([]);
  });

  it("sets a group's ticket field with the picker, from the Groups page", async () => {
    await page.goto('/groups');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Groups' }).waitFor();
    const row = page.locator('[data-table="groups"] tbody tr', { hasText: 'Acme Corp' });
    await eventually(() => row.textContent()).toContain('Acme Corp');
    await row.getByRole('link', { name: 'Acme Corp' }).click();
    await page.waitForURL(`**/groups/${groupId}`);
    await page.getByRole('heading', { name: 'Acme Corp' }).waitFor();

    await eventually(() => page.getByRole('button', { name: '+ Add project' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: '+ Add project' }).click();
    expect(await page.getByLabel('Ticket field 1 name').inputValue()).toBe('project');
    await page.getByRole('button', { name: 'Choose project for ticket field 1' }).click();
    await page.getByRole('combobox', { name: 'Search the project list' }).fill('client-7');
    await eventually(() => options().count()).toBe(1);
    await options().click();
    expect(await page.getByLabel('Ticket field 1 value').inputValue()).toBe('clients/client-7');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await eventually(() => page.getByRole('status').filter({ hasText: 'Saved.' }).isVisible()).toBe(true);
    expect((await svc.api('GET', `/groups/${groupId}`)).body.ticketFields).toEqual({ project: 'clients/client-7' });
    await screenshot(page, 'group-editor');
  });

  it("sets a check's ticket field with the picker", async () => {
    await page.goto(`/checks/${checkId}`);
    await page.getByRole('tab', { name: 'Notifications' }).click();
    await page.getByRole('button', { name: '+ Add ticket field' }).click();
    await page.getByLabel('Ticket field 1 name').fill('project');
    const choose = page.getByRole('button', { name: 'Choose project for ticket field 1' });
    await eventually(() => choose.isVisible()).toBe(true);
    await choose.click();
    await eventually(() => options().count()).toBe(50);
    await options().filter({ hasText: 'clients/client-3' }).first().click();
    expect(await page.getByLabel('Ticket field 1 value').inputValue()).toBe('clients/client-3');
    await page.getByRole('button', { name: 'Save check' }).click();
    await eventually(() => page.getByRole('status').filter({ hasText: 'Saved.' }).isVisible()).toBe(true);
    expect((await svc.api('GET', `/checks/${checkId}`)).body.ticketFields).toEqual({ project: 'clients/client-3' });
  });

  it('lets a viewer type nothing and choose nothing', async () => {
    const context = await consoleContext(browser, svc);
    try {
      const viewer = await loggedIn(context, VIEWER.username, VIEWER.password, `/channels/${channelId}`);
      await eventually(() => viewer.getByLabel('Project', { exact: true }).inputValue()).toBe('clients/client-42');
      expect(await viewer.getByLabel('Project', { exact: true }).isDisabled()).toBe(true);
      expect(await viewer.getByRole('button', { name: /^Choose/ }).count()).toBe(0);
      await viewer.goto(`/groups/${groupId}`);
      await eventually(() => viewer.getByLabel('Ticket field 1 value').inputValue()).toBe('clients/client-7');
      expect(await viewer.getByRole('button', { name: /^Choose/ }).count()).toBe(0);
      expect(await viewer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Groups' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('deletes a group after saying what becomes of its checks', async () => {
    await page.goto(`/groups/${groupId}`);
    await page.getByRole('heading', { name: 'Acme Corp' }).waitFor();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const confirm = page.getByRole('alertdialog');
    expect(await confirm.textContent()).toContain("Its check stays, without a group and without the group's channels and ticket fields.");
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect((await svc.api('GET', `/groups/${groupId}`)).status).toBe(200);
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete group' }).click();
    await page.waitForURL('**/groups');
    await eventually(() => page.locator('[data-table="groups"]').textContent()).toContain('No groups yet');
    expect((await svc.api('GET', `/groups/${groupId}`)).status).toBe(404);
    expect((await svc.api('GET', `/checks/${checkId}`)).body.group).toBeNull();
  });
});
