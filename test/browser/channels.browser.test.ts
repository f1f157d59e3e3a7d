import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, consoleContext, launchBrowser, loggedIn, screenshot } from '../helpers/browser.js';
import { type Receiver, startReceiver } from '../helpers/receiver.js';
import { cometCheck, fixture, type TestService, startTestService } from '../helpers/service.js';
import { TEST_ENGINE } from '../helpers/database.js';

const ADMIN = { username: 'admin', password: 'correct horse battery' };
const VIEWER = { username: 'viewer', password: 'viewer password 1' };
/** The part of the webhook URL that is its secret: it must never appear on a page. */
const HOOK_SECRET = 'T0pS3cretHookToken42';

/** Pages load and poll on their own time: wait for what they show. */
const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });

let reportNo = 0;
/** The Comet error report, as a new message each time. */
const failingReport = () => fixture('comet-error.eml').toString('utf8').replace(/^Message-ID: <[^>]+>/m, `Message-ID: <browser-${++reportNo}-${Date.now()}@cometbackup.example>`);

describe.skipIf(browserMissing)('channels, deliveries, settings and about in the console', () => {
  let svc: TestService;
  let receiver: Receiver;
  let browser: Browser;
  let admin: BrowserContext;
  let page: Page;
  let channelId: number;

  beforeAll(async () => {
    receiver = await startReceiver();
    svc = await startTestService({ env: { BACKWATCH_ALLOW_PRIVATE_WEBHOOKS: 'true' } });
    browser = await launchBrowser();
    admin = await consoleContext(browser, svc);
    const setup = await admin.request.post('/api/v1/setup', { data: ADMIN });
    expect(setup.status()).toBe(201);
    page = await admin.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.destroy();
    await receiver?.close();
  });

  /** The page must not hold the webhook's secret anywhere, shown or in a field. */
  async function expectNoSecret(p: Page) {
    expect(await p.content()).not.toContain(HOOK_SECRET);
    const values = await p.locator('input, textarea').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
    expect(values.join(' ')).not.toContain(HOOK_SECRET);
  }

  it('adds a custom webhook channel through the editor and sends a test', async () => {
    await page.goto('/channels');
    await eventually(() => page.getByText('No channels yet').isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Add channel' }).click();
    await page.getByRole('radio', { name: /Custom webhook/ }).check();
    await page.getByLabel('Name *').fill('Ops webhook');
    await page.getByLabel('URL *', { exact: true }).fill(`${receiver.url}/hooks/${HOOK_SECRET}`);
    await page.getByLabel('Method').selectOption('PUT');
    await page.getByRole('button', { name: 'Add a header' }).click();
    await page.getByLabel('Header name 1').fill('X-Team');
    await page.getByLabel('Header value 1').fill('backups');
    await page.getByLabel('Body template').fill('{"text": "{{check.name}}: {{statusLabel}}"}');
    await page.getByRole('button', { name: 'Add channel' }).click();

    await page.waitForURL(/\/channels\/\d+$/);
    channelId = Number(new URL(page.url()).pathname.split('/').pop());
    await eventually(() => page.getByRole('heading', { name: 'Ops webhook' }).isVisible()).toBe(true);
    const stored = (await svc.api('GET', `/channels/${channelId}`)).body;
    expect(stored).toMatchObject({ type: 'webhook', name: 'Ops webhook', config: { method: 'PUT' } });

    await page.getByRole('button', { name: 'Send a test' }).click();
    const outcome = page.getByRole('status', { name: 'Test outcome' });
    await eventually(() => outcome.textContent()).toContain('The test went through');
    expect(await outcome.locator('[data-fact="status"]').textContent()).toBe('200');
    expect(await outcome.locator('pre').textContent()).toBe('ok');
    const sent = receiver.requests.at(-1)!;
    expect(sent.method).toBe('PUT');
    expect(sent.url).toBe(`/hooks/${HOOK_SECRET}`);
    expect(sent.headers['x-team']).toBe('backups');
    expect(JSON.parse(sent.body)).toEqual({ text: 'backwatch test message: Success' });
    await expectNoSecret(page);

    // A refusal is shown with its status, error and the start of the answer.
    receiver.respond({ status: 404, body: 'no such hook here' });
    await page.getByRole('button', { name: 'Send a test' }).click();
    await eventually(() => outcome.textContent()).toContain('The test failed');
    expect(await outcome.locator('[data-fact="status"]').textContent()).toBe('404');
    expect(await outcome.locator('[data-fact="error"]').textContent()).toMatch(/404/);
    expect(await outcome.locator('pre').textContent()).toBe('no such hook here');
    await screenshot(page, 'channel-editor');
  });

  it('keeps secrets write-only: masked, left out of a save unless replaced', async () => {
    await page.goto(`/channels/${channelId}`);
    const urlField = page.locator('[data-field="url"]');
    await eventually(() => urlField.locator('code').textContent()).toBe(`${receiver.url}/…`);
    await expectNoSecret(page);

    // Renaming leaves the secret URL and headers as they were.
    await page.getByLabel('Name *').fill('Ops hook');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await eventually(() => page.getByRole('status').filter({ hasText: 'Saved.' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Send a test' }).click();
    await eventually(() => page.getByRole('status', { name: 'Test outcome' }).textContent()).toContain('The test went through');
    expect(receiver.requests.at(-1)!.url).toBe(`/hooks/${HOOK_SECRET}`);
    expect(receiver.requests.at(-1)!.headers['x-team']).toBe('backups');

    // Replacing the URL sends the new one; the list shows it masked too.
    await page.getByRole('button', { name: 'Replace URL' }).click();
    await page.getByLabel('URL *', { exact: true }).fill(`${receiver.url}/hooks/${HOOK_SECRET}/v2`);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await eventually(() => urlField.locator('code').textContent()).toBe(`${receiver.url}/…`);
    await expectNoSecret(page);
    await page.getByRole('button', { name: 'Send a test' }).click();
    await eventually(() => receiver.requests.at(-1)!.url).toBe(`/hooks/${HOOK_SECRET}/v2`);
  });

  it('shows an alert sent over SMTP on the Deliveries page, with its attempts', async () => {
    const check = await svc.api('POST', '/checks', cometCheck('User01: Documents', { notifications: { channelIds: [channelId] } }));
    expect(check.status).toBe(201);
    const before = receiver.requests.length;
    await svc.send(failingReport());
    await eventually(() => receiver.requests.length).toBeGreaterThan(before);
    expect(JSON.parse(receiver.requests.at(-1)!.body)).toEqual({ text: 'User01: Documents: Failure' });

    await page.goto('/deliveries');
    const row = page.locator('[data-table="deliveries"] tbody tr', { hasText: 'User01: Documents' });
    await eventually(() => row.locator('[data-state]').getAttribute('data-state')).toBe('delivered');
    expect(await row.textContent()).toContain('Ops hook');
    expect(await row.textContent()).toContain('Alert: Failure');
    await row.getByRole('button', { name: /Attempts of delivery/ }).click();
    const detail = page.locator('.delivery-detail');
    await eventually(() => detail.locator('[data-table="delivery-attempts"] tbody tr').first().textContent()).toContain('200');
  });

  it('retries a failed delivery from the page once the receiver is fixed', async () => {
    receiver.respond({ status: 404, body: 'hook deleted' });
    const before = receiver.requests.length;
    await svc.send(failingReport());
    await eventually(() => receiver.requests.length).toBeGreaterThan(before);
    await eventually(async () => (await svc.api('GET', '/deliveries?state=failed')).body.items.length).toBe(1);

    await page.goto('/deliveries');
    await eventually(() => page.getByRole('alert').textContent()).toContain('1 delivery failed');
    await page.getByRole('button', { name: /^Failed/ }).click();
    expect(new URL(page.url()).searchParams.get('state')).toBe('failed');
    const row = page.locator('[data-table="deliveries"] tbody tr', { hasText: 'User01: Documents' });
    await eventually(() => row.locator('[data-state]').getAttribute('data-state')).toBe('failed');
    expect(await row.textContent()).toContain('404');
    await row.getByRole('button', { name: /Attempts of delivery/ }).click();
    await eventually(() => page.locator('.delivery-detail pre').first().textContent()).toBe('hook deleted');
    await screenshot(page, 'deliveries');

    // The receiver answers 200 again (its fallback); Retry sends it and the page sees it delivered.
    const failedId: number = (await svc.api('GET', '/deliveries?state=failed')).body.items[0].id;
    await row.getByRole('button', { name: `Retry delivery ${failedId}` }).click();
    await eventually(() => page.getByRole('status').filter({ hasText: `Delivery ${failedId} will be tried again now.` }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'All', exact: true }).click();
    const retried = page.locator('[data-table="deliveries"] tbody tr').filter({ has: page.getByRole('button', { name: `Attempts of delivery ${failedId}` }) });
    await eventually(() => retried.locator('[data-state]').getAttribute('data-state')).toBe('delivered');
    expect(await retried.getByRole('button', { name: /Retry/ }).count()).toBe(0);
    expect((await svc.api('GET', `/deliveries/${failedId}`)).body).toMatchObject({ state: 'delivered', attemptCount: 2 });
    expect(receiver.requests.at(-1)!.url).toBe(`/hooks/${HOOK_SECRET}/v2`);
    await eventually(() => page.locator('[data-table="deliveries"] tbody [data-state="delivered"]').count()).toBe(2);
    expect(await page.locator('[data-table="deliveries"] tbody [data-state="failed"]').count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);

    // The channel's own page lists the same deliveries.
    await page.goto(`/channels/${channelId}`);
    await eventually(() => page.locator('[data-table="channel-deliveries"] tbody [data-state="delivered"]').count()).toBe(2);
  });

  it('lists channels with their type, masked key setting and last delivery', async () => {
    await svc.api('POST', '/channels', { type: 'slack', name: 'Team Slack', config: { url: 'https://hooks.slack.com/services/T000/B000/XXXXSECRET' } });
    const github = await svc.api('POST', '/channels', { type: 'github', name: 'Backups repo', config: { token: 'ghp_exampletokenexample', repository: 'acme/backups' } });
    await page.goto('/channels');
    const table = page.locator('[data-table="channels"]');
    await eventually(() => table.locator('tbody tr').count()).toBe(3);
    const hook = table.locator('tbody tr', { hasText: 'Ops hook' });
    expect(await hook.textContent()).toContain('Custom webhook');
    expect(await hook.textContent()).toContain(`${receiver.url}/…`);
    await eventually(() => hook.locator('[data-state]').getAttribute('data-state')).toBe('delivered');
    const repo = table.locator('tbody tr', { hasText: 'Backups repo' });
    expect(await repo.textContent()).toContain('GitHub Issues');
    expect(await repo.textContent()).toContain('Ticketing system');
    expect(await repo.textContent()).toContain('acme/backups');
    expect(await repo.textContent()).toContain('none yet');
    expect(await page.content()).not.toContain('XXXXSECRET');
    await expectNoSecret(page);
    await screenshot(page, 'channels');

    // A ticketing system opens with its own settings (the token masked) and its tickets.
    await repo.click();
    await page.waitForURL(`**/channels/${github.body.id}`);
    await eventually(() => page.locator('[data-field="token"] code').textContent()).toBe('…ple');
    expect(await page.getByLabel('Repository', { exact: true }).inputValue()).toBe('acme/backups');
    expect(await page.getByLabel('Labels 1').inputValue()).toBe('backwatch');
    expect(await page.getByRole('checkbox', { name: 'Close the ticket when the check recovers' }).isChecked()).toBe(true);
    await eventually(() => page.getByRole('heading', { name: 'Tickets' }).isVisible()).toBe(true);
    await eventually(() => page.getByText('No tickets opened yet.').isVisible()).toBe(true);
    expect(await page.content()).not.toContain('ghp_exampletokenexample');
  });

  it('changes the session timeout, the time zone and the notification defaults', async () => {
    await page.goto('/settings');
    await eventually(() => page.getByLabel('Inbox address').inputValue()).toBe('reports@backwatch.local');
    await page.getByLabel('Time zone').selectOption('America/New_York');
    await page.getByLabel('Session timeout (minutes)').fill('45');
    await page.getByLabel('Keep messages for (days)').fill('90');
    await page.getByRole('button', { name: 'Save organization settings' }).click();
    await eventually(() => page.getByRole('status').filter({ hasText: 'Organization settings saved.' }).isVisible()).toBe(true);
    expect((await svc.api('GET', '/settings')).body).toMatchObject({ timezone: 'America/New_York', sessionTimeoutMinutes: 45, retentionDays: 90 });

    await page.getByLabel('Keep messages for (days)').fill('');
    await page.getByRole('button', { name: 'Save organization settings' }).click();
    await eventually(async () => (await svc.api('GET', '/settings')).body.retentionDays).toBeNull();

    await page.getByRole('checkbox', { name: 'Warning' }).uncheck();
    await page.getByLabel('Repeated alerts').selectOption('interval');
    await page.getByLabel('Hours between repeated alerts').fill('6');
    await page.getByLabel('Grace period (minutes)').fill('15');
    await page.getByRole('button', { name: 'Save notification defaults' }).click();
    await eventually(() => page.getByRole('status').filter({ hasText: 'Notification defaults saved.' }).isVisible()).toBe(true);
    expect((await svc.api('GET', '/settings/notifications')).body).toMatchObject({ alertOn: ['failure', 'overdue'], repeat: 'interval', repeatHours: 6, graceMinutes: 15 });
    await screenshot(page, 'settings');

    await page.getByRole('button', { name: 'Restore the built-in defaults' }).click();
    await eventually(async () => (await svc.api('GET', '/settings/notifications')).body.graceMinutes).toBe(0);
  });

  it('shows every part of the service running on About', async () => {
    await page.goto('/about');
    await eventually(() => page.locator('[data-part]').count()).toBe(3);
    for (const part of ['smtp', 'scheduler', 'deliveries']) {
      expect(await page.locator(`[data-part="${part}"] .running`).textContent()).toContain('Running');
      expect(await page.locator(`[data-part="${part}"] [data-running]`).getAttribute('data-running')).toBe('true');
    }
    expect(await page.locator('[data-part="smtp"]').textContent()).toContain(String(svc.smtpPort));
    expect(await page.locator('[data-fact="inbox"]').textContent()).toBe('reports@backwatch.local');
    expect(await page.locator('[data-fact="database"]').textContent()).toContain(TEST_ENGINE === 'postgres' ? 'PostgreSQL' : 'SQLite');
    await eventually(() => page.locator('[data-nodes] [data-node]').count()).toBe(1);
    expect(await page.locator('[data-nodes] [data-node]').textContent()).toContain('(this one)');
    expect(await page.locator('[data-nodes] [data-node]').textContent()).toContain(String(svc.httpPort));
    expect(await page.getByRole('link', { name: 'API documentation' }).getAttribute('href')).toBe('/api/v1/docs');
    expect(await page.getByRole('link', { name: /OpenAPI document/ }).getAttribute('href')).toBe('/api/v1/openapi.json');
    await screenshot(page, 'about');
  });

  it('lets a viewer look at channels, deliveries and settings but change nothing', async () => {
    expect((await svc.api('POST', '/users', { ...VIEWER, role: 'viewer' })).status).toBe(201);
    // A failed delivery the viewer could retry if the page let them.
    receiver.respond({ status: 404, body: 'gone' });
    await svc.send(failingReport());
    await eventually(async () => (await svc.api('GET', '/deliveries?state=failed')).body.items.length).toBe(1);

    const context = await consoleContext(browser, svc);
    const viewer = await loggedIn(context, VIEWER.username, VIEWER.password, '/channels');
    try {
      await eventually(() => viewer.locator('[data-table="channels"] tbody tr').count()).toBe(3);
      expect(await viewer.getByRole('link', { name: 'Add channel' }).count()).toBe(0);

      await viewer.goto(`/channels/${channelId}`);
      await eventually(() => viewer.getByRole('heading', { name: 'Ops hook' }).isVisible()).toBe(true);
      expect(await viewer.getByLabel('Name *').isDisabled()).toBe(true);
      expect(await viewer.getByLabel('Method').isDisabled()).toBe(true);
      for (const name of ['Save', 'Delete', 'Send a test', 'Replace URL', 'Add a header']) expect(await viewer.getByRole('button', { name, exact: true }).count()).toBe(0);
      await expectNoSecret(viewer);

      await viewer.goto('/deliveries?state=failed');
      await eventually(() => viewer.locator('[data-table="deliveries"] tbody [data-state="failed"]').count()).toBe(1);
      expect(await viewer.getByRole('button', { name: /Retry/ }).count()).toBe(0);

      await viewer.goto('/settings');
      await eventually(() => viewer.getByLabel('Time zone').inputValue()).toBe('America/New_York');
      expect(await viewer.getByLabel('Time zone').isDisabled()).toBe(true);
      expect(await viewer.getByLabel('Session timeout (minutes)').isDisabled()).toBe(true);
      expect(await viewer.getByRole('checkbox', { name: 'Failure' }).isDisabled()).toBe(true);
      expect(await viewer.getByRole('button', { name: /Save/ }).count()).toBe(0);
      expect(await viewer.getByText('Only administrators change settings').isVisible()).toBe(true);

      // The server refuses the viewer too, with the session's CSRF token and all.
      const { csrfToken } = await (await context.request.get('/api/v1/session')).json();
      const refused = await context.request.patch('/api/v1/settings', { data: { sessionTimeoutMinutes: 60 }, headers: { 'x-csrf-token': csrfToken } });
      expect(refused.status()).toBe(403);
      const retry = await context.request.post(`/api/v1/deliveries/${(await svc.api('GET', '/deliveries?state=failed')).body.items[0].id}/retry`, { headers: { 'x-csrf-token': csrfToken } });
      expect(retry.status()).toBe(403);

      await viewer.goto('/channels/new');
      await eventually(() => viewer.getByText('Only administrators add channels.').isVisible()).toBe(true);
      expect(await viewer.getByRole('radio').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
