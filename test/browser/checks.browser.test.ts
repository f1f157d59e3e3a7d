import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, consoleContext, launchBrowser, loggedIn, screenshot } from '../helpers/browser.js';
import { alias, fixture, startTestService, type TestService } from '../helpers/service.js';

const PASSWORD = 'a long enough password 1';

let svc: TestService;
let browser: Browser;
let admin: BrowserContext;
let page: Page;
let channelId: number;
let groupChannelId: number;
let checkId: number;

const rawReport = (subject: string, to = 'reports@backwatch.local', body = 'Job finished.') =>
  [`From: "Backup Server" <backup@client.example>`, `To: ${to}`, `Subject: ${subject}`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', body, ''].join('\r\n');

const step = (name: string) => page.getByRole('tab', { name, exact: true }).click();
const next = () => page.getByRole('button', { name: 'Next', exact: true }).click();
const fieldError = (path: string) => page.locator(`.field-error[data-field="${path}"]`);

async function addRule(kind: string, n: number, rule: { field?: string; operator?: string; value: string }) {
  await page.getByRole('button', { name: `+ Add ${kind} Rule` }).click();
  if (rule.field) await page.getByLabel(`${kind} rule ${n} field`).selectOption(rule.field);
  if (rule.operator) await page.getByLabel(`${kind} rule ${n} operator`).selectOption(rule.operator);
  await page.getByLabel(`${kind} rule ${n} value`).fill(rule.value);
}

const boardRow = (p: Page, name: string): Locator => p.locator('.board-row', { has: p.getByRole('link', { name, exact: true }) });

describe.skipIf(browserMissing)('checks, the check editor and unmatched messages', () => {
  beforeAll(async () => {
    svc = await startTestService();
    const channel = await svc.api('POST', '/channels', { type: 'webhook', name: 'Ops webhook', config: { url: 'https://hooks.example.com/backwatch' } });
    expect(channel.status).toBe(201);
    channelId = channel.body.id;
    const groupChannel = await svc.api('POST', '/channels', { type: 'slack', name: 'Acme Slack', config: { url: 'https://hooks.slack.com/services/T0/B0/x' } });
    groupChannelId = groupChannel.body.id;
    // A group with a channel of its own, which its checks inherit.
    const seed = await svc.api('POST', '/checks', { name: 'Acme: Mail', group: 'Acme Corp', labels: ['Veeam'], matching: { rules: [{ field: 'subject', operator: 'contains', value: 'Mail' }] } });
    expect(seed.status).toBe(201);
    const groups = await svc.api('GET', '/groups');
    const acme = groups.body.items.find((g: { name: string }) => g.name === 'Acme Corp');
    expect((await svc.api('PATCH', `/groups/${acme.id}`, { notifications: { channelIds: [groupChannelId] } })).status).toBe(200);

    browser = await launchBrowser();
    admin = await consoleContext(browser, svc);
    // The first administrator first: setup is only open while no user exists.
    expect((await admin.request.post('/api/v1/setup', { data: { username: 'admin', password: PASSWORD } })).status()).toBe(201);
    expect((await svc.api('POST', '/users', { username: 'viewer', password: PASSWORD, role: 'viewer' })).status).toBe(201);
    page = await admin.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await svc?.destroy();
  });

  it('creates a working check in five steps: a report sent over SMTP then shows its status on Recent Activity', async () => {
    await page.goto('/checks');
    await page.getByRole('link', { name: 'Add check' }).click();
    await page.waitForURL((u) => u.pathname === '/checks/new');

    // Identification
    await page.getByLabel('Name', { exact: true }).fill('User01: Documents');
    await page.getByLabel('Group', { exact: true }).fill('Backups');
    await page.getByText('A new group "Backups" is created when the check is saved.').waitFor();
    await page.getByLabel('Add a label').fill('Comet');
    await page.getByLabel('Add a label').press('Enter');
    await page.getByRole('button', { name: 'Remove label Comet' }).waitFor();
    await page.getByLabel('Description', { exact: true }).fill('Documents of user01, to the offsite vault');
    await next();

    // Schedule: every day, overdue after 30 minutes, as the seed leaves it
    await page.getByRole('radio', { name: 'Interval', exact: true }).check();
    expect(await page.getByLabel('Every', { exact: true }).inputValue()).toBe('1');
    expect(await page.getByLabel('Unit').inputValue()).toBe('days');
    await page.getByLabel('Set as overdue after (minutes)').fill('30');
    await next();

    // Matching: the check's own address, and the protected item and vault
    expect(await page.getByTestId('check-address').textContent()).toBe('reports+user01documents@backwatch.local');
    await page.getByRole('button', { name: 'Copy address' }).click();
    await page.getByRole('button', { name: 'Copy address' }).filter({ hasText: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('reports+user01documents@backwatch.local');
    await addRule('Matching', 1, { value: 'Documents' });
    await addRule('Matching', 2, { field: 'body', value: 'Offsite Comet Server' });
    expect(await page.getByRole('checkbox', { name: 'Condense whitespace' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Combine attachments' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Matching rules must match').inputValue()).toBe('all');
    await screenshot(page, 'check-editor-matching');
    await next();

    // Status: failure unless the subject says otherwise
    expect(await page.getByLabel('Default status').inputValue()).toBe('failure');
    await addRule('Success', 1, { value: 'Success' });
    await addRule('Warning', 1, { value: 'Warning' });
    await next();

    // Notifications
    await page.getByRole('checkbox', { name: /Ops webhook/ }).check();
    await page.getByLabel('Notify on repeated alerts').selectOption('first');
    await page.getByLabel('Notify users, each by their personal notification settings').selectOption('false');
    await page.getByRole('button', { name: '+ Add ticket field' }).click();
    await page.getByLabel('Ticket field 1 name').fill('companyId');
    await page.getByLabel('Ticket field 1 value').fill('250');
    expect(await page.getByRole('button', { name: 'Next', exact: true }).isDisabled()).toBe(true);

    await page.getByRole('button', { name: 'Create check' }).click();
    await page.waitForURL((u) => /^\/checks\/\d+$/.test(u.pathname));
    checkId = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByText('Check created. Its address is reports+user01documents@backwatch.local.').waitFor();

    const saved = (await svc.api('GET', `/checks/${checkId}`)).body;
    expect(saved).toMatchObject({
      name: 'User01: Documents',
      group: 'Backups',
      labels: ['Comet'],
      description: 'Documents of user01, to the offsite vault',
      alias: 'user01documents',
      schedule: { type: 'interval', every: 1, unit: 'days', overdueAfterMinutes: 30 },
      matching: {
        useAddress: true,
        mode: 'all',
        condenseWhitespace: true,
        combineAttachments: true,
        rules: [
          { field: 'subject', operator: 'contains', value: 'Documents', caseSensitive: false },
          { field: 'body', operator: 'contains', value: 'Offsite Comet Server', caseSensitive: false },
        ],
      },
      statusRules: {
        default: 'failure',
        success: { mode: 'all', rules: [{ field: 'subject', operator: 'contains', value: 'Success' }] },
        warning: { rules: [{ field: 'subject', operator: 'contains', value: 'Warning' }] },
        failure: null,
      },
      notifications: { channelIds: [channelId], repeat: 'first', notifyUsers: false, userIds: null },
      ticketFields: { companyId: '250' },
      status: 'pending',
    });
    expect(saved.notifications.inherited).not.toContain('repeat');
    expect(saved.notifications.inherited).toContain('graceMinutes');

    // A Comet report to the bare inbox: the matching rules claim it, the subject says success.
    expect((await svc.send(fixture('comet-success.eml'))).code).toBe(250);
    await page.goto('/');
    await boardRow(page, 'User01: Documents').locator('.status-success').waitFor();
    expect((await svc.api('GET', `/checks/${checkId}`)).body.status).toBe('success');

    await page.goto('/checks');
    const row = page.locator('[data-table="checks"] tbody tr', { has: page.getByRole('link', { name: 'User01: Documents' }) });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('Backups');
    expect(text).toContain('Comet');
    expect(text).toContain('Success');
    expect(text).toContain('Every day, overdue after 30 min');
    expect(text).toContain('reports+user01documents@backwatch.local');
    await screenshot(page, 'checks');
  });

  it('tests the unsaved form against a stored message: every rule fired or not, the status and where it came from', async () => {
    expect((await svc.send(fixture('comet-warning.eml'))).code).toBe(250);
    await page.goto(`/checks/${checkId}`);
    await step('Status');
    // Unsaved: a failure rule the success report also satisfies; the worst wins.
    await addRule('Failure', 1, { field: 'body', value: 'Uploaded' });
    await page.getByText('Unsaved changes', { exact: true }).waitFor();

    await page.getByLabel('Search messages').fill('Success - Backup');
    await expect.poll(() => page.getByRole('radio', { name: /Warning - Backup/ }).count()).toBe(0);
    await page.getByRole('radio', { name: /Success - Backup of "Documents"/ }).first().check();
    await page.getByRole('button', { name: 'Run test' }).click();

    const result = page.getByTestId('test-result');
    await result.waitFor();
    expect(await result.locator('.test-verdict').textContent()).toBe('Belongs to this check (the matching rules hold)');
    expect(await result.locator('.status').textContent()).toContain('Failure');
    expect(await result.textContent()).toContain('decided by the failure criteria');
    const group = (name: string) => result.getByRole('region', { name });
    expect(await group('Matching rules').locator('li').allTextContents()).toEqual(['✓ fired Subject contains "Documents"', '✓ fired Body text contains "Offsite Comet Server"']);
    expect(await group('Failure criteria').locator('li').allTextContents()).toEqual(['✓ fired Body text contains "Uploaded"']);
    expect(await group('Warning criteria').locator('li').allTextContents()).toEqual(['✕ not fired Subject contains "Warning"']);
    expect(await group('Success criteria').locator('li').allTextContents()).toEqual(['✓ fired Subject contains "Success"']);
    await screenshot(page, 'check-editor-test-panel');

    // Nothing was saved or stored by testing.
    const saved = (await svc.api('GET', `/checks/${checkId}`)).body;
    expect(saved.statusRules.failure).toBeNull();
    expect(saved.status).toBe('warning');

    // A change after the run marks the result as stale; a pasted message works too.
    await page.getByLabel('Failure rule 1 value').fill('Status: Error');
    await page.getByText('The form changed since this result: run the test again.').waitFor();
    await page.getByRole('tab', { name: 'Paste a message' }).click();
    await page.getByLabel('Raw message').fill(rawReport('Error - Backup of "Documents"', 'reports+user01documents@backwatch.local', 'Status: Error\r\nStorage Vault: "Offsite Comet Server"'));
    await page.getByRole('button', { name: 'Run test' }).click();
    await expect.poll(() => result.locator('.test-verdict').textContent()).toBe("Belongs to this check (sent to the check's address)");
    expect(await result.textContent()).toContain('decided by the failure criteria');
    expect(await group('Success criteria').locator('li').allTextContents()).toEqual(['✕ not fired Subject contains "Success"']);
  });

  it("shows the API's validation error next to the rule with an invalid regex, and saves nothing", async () => {
    await page.goto(`/checks/${checkId}`);
    await step('Matching');
    await addRule('Matching', 3, { operator: 'regex', value: '(Success|Warning - Backup' });
    await step('Identification');
    await page.getByRole('button', { name: 'Save check' }).click();

    // The editor goes to the step at fault and marks the field.
    await fieldError('matching.rules[2].value').waitFor();
    expect(await page.getByRole('tab', { name: /Matching/ }).getAttribute('aria-selected')).toBe('true');
    expect(await fieldError('matching.rules[2].value').textContent()).toMatch(/invalid regular expression/);
    expect(await page.getByLabel('Matching rule 3 value').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.issue-summary').textContent()).toContain('matching.rules[2].value');
    expect((await svc.api('GET', `/checks/${checkId}`)).body.matching.rules).toHaveLength(2);

    // Fixed, it saves.
    await page.getByLabel('Matching rule 3 value').fill('(Success|Warning|Error) - Backup');
    await page.getByRole('button', { name: 'Save check' }).click();
    await page.getByText('Saved.').waitFor();
    expect(await fieldError('matching.rules[2].value').count()).toBe(0);
    expect((await svc.api('GET', `/checks/${checkId}`)).body.matching.rules[2]).toEqual({ field: 'subject', operator: 'regex', value: '(Success|Warning|Error) - Backup', caseSensitive: false });
  });

  it('shows a stored check as it is saved, and saving it unchanged changes nothing', async () => {
    const bodies = [
      {
        name: 'Beta: SQL',
        group: 'Beta',
        alias: 'beta-sql',
        paused: true,
        schedule: { type: 'interval', every: 2, unit: 'hours', overdueAfterMinutes: 45, timezone: 'America/New_York', window: { start: '20:00', end: '02:00', timezone: 'Europe/Berlin' }, activeDays: ['mon', 'wed', 'fri'], expectFirstReport: true },
        matching: { useAddress: false, mode: 'any', condenseWhitespace: false, combineAttachments: false, rules: [{ field: 'from', operator: 'endsWith', value: '@beta.example', caseSensitive: true }] },
        status: { default: 'warning', failure: { mode: 'any', rules: [{ field: 'body', operator: 'regex', value: 'Status: (Error|Failed)' }] } },
        notifications: { channelIds: [channelId], alertOn: ['failure', 'overdue'], notifyOnRestore: false, repeat: 'interval', repeatHours: 6, graceMinutes: 15 },
        ticketFields: { companyId: '7', boardId: 'Backups' },
      },
      { name: 'Beta: Nightly', schedule: { type: 'cron', cron: '0 21 * * 1-5', timezone: 'Europe/Berlin', overdueAfterMinutes: 60 }, matching: { rules: [{ field: 'subject', operator: 'contains', value: 'Nightly' }] } },
    ];
    for (const body of bodies) {
      const created = await svc.api('POST', '/checks', body);
      expect(created.status).toBe(201);
      await page.goto(`/checks/${created.body.id}`);
      await page.getByLabel('Name', { exact: true }).waitFor();
      expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe(body.name);
      await step('Schedule');
      if (body.schedule.type === 'cron') {
        expect(await page.getByLabel('Cron pattern').inputValue()).toBe('0 21 * * 1-5');
      } else {
        expect(await page.getByLabel('Start', { exact: true }).inputValue()).toBe('20:00');
        expect(await page.getByLabel('Window time zone').inputValue()).toBe('Europe/Berlin');
        expect(await page.getByRole('group', { name: 'Active days', exact: true }).getByRole('checkbox', { checked: true }).count()).toBe(3);
        await step('Notifications');
        expect(await page.getByLabel('Notification grace period (minutes)').inputValue()).toBe('15');
        expect(await page.getByLabel('Alert after this many problems in a row').inputValue()).toBe('');
      }
      expect(await page.getByText('Unsaved changes', { exact: true }).count()).toBe(0);
      await page.getByRole('button', { name: 'Save check' }).click();
      await page.getByText('Saved.').waitFor();
      const after = (await svc.api('GET', `/checks/${created.body.id}`)).body;
      const { updatedAt: _a, ...was } = created.body;
      const { updatedAt: _b, ...now } = after;
      expect(now).toEqual(was);
    }
  });

  it("shows a group's channels as inherited, and deletes a check after a confirmation", async () => {
    const seed = (await svc.api('GET', '/checks?q=Acme')).body.items[0];
    await page.goto(`/checks/${seed.id}`);
    await step('Notifications');
    const inherited = page.getByRole('checkbox', { name: /Acme Slack/ });
    expect(await inherited.isChecked()).toBe(true);
    expect(await inherited.isDisabled()).toBe(true);
    expect(await page.locator(`[data-channel="${groupChannelId}"]`).textContent()).toContain('from the group');
    expect(await page.getByRole('checkbox', { name: /Ops webhook/ }).isChecked()).toBe(false);

    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();
    expect((await svc.api('GET', `/checks/${seed.id}`)).status).toBe(200);
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete check' }).click();
    await page.waitForURL((u) => u.pathname === '/checks');
    expect((await svc.api('GET', `/checks/${seed.id}`)).status).toBe(404);
  });

  it('lists unmatched messages and creates a check from one, pre-filled from the message', async () => {
    const subject = 'Nightly SQL dump: db01';
    // The To header names the bare inbox; only the envelope has the plus-alias (as with a Bcc).
    expect((await svc.send(rawReport(subject), [alias('nightlysql')])).code).toBe(250);
    expect((await svc.send(rawReport('Weekly report: fileserver'))).code).toBe(250);
    const stored = (await svc.api('GET', '/messages?matched=false')).body.items.find((m: { subject: string }) => m.subject === subject);

    await page.goto('/unmatched');
    const row = page.locator('[data-table="unmatched"] tbody tr', { hasText: subject });
    await row.waitFor();
    expect(await row.textContent()).toContain(`reports@backwatch.localenvelope: ${alias('nightlysql')}`);
    expect(await row.textContent()).toContain('backup@client.example');
    expect(await page.locator('[data-table="unmatched"] tbody tr', { hasText: 'Weekly report: fileserver' }).count()).toBe(1);
    // Messages some check claimed are not here.
    expect(await page.locator('[data-table="unmatched"] tbody tr', { hasText: 'Backup of "Documents"' }).count()).toBe(0);
    await screenshot(page, 'unmatched');

    // The row opens the message; the button creates a check.
    await row.getByRole('cell').first().click();
    await page.waitForURL((u) => u.pathname === `/messages/${stored.id}`);
    await page.goBack();
    await page.locator('[data-table="unmatched"] tbody tr', { hasText: subject }).getByRole('link', { name: 'Create check from this message' }).click();
    await page.waitForURL((u) => u.pathname === '/checks/new' && u.searchParams.get('fromMessage') === String(stored.id));

    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe(subject);
    expect(await page.getByLabel('Alias', { exact: true }).inputValue()).toBe('nightlysql');
    await step('Matching');
    expect(await page.getByTestId('check-address').textContent()).toBe(alias('nightlysql'));
    expect(await page.getByLabel('Matching rule 1 field').inputValue()).toBe('subject');
    expect(await page.getByLabel('Matching rule 1 operator').inputValue()).toBe('contains');
    expect(await page.getByLabel('Matching rule 1 value').inputValue()).toBe(subject);

    // The message is already picked in the test panel.
    expect(await page.getByRole('radio', { name: new RegExp(subject) }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Run test' }).click();
    await page.getByTestId('test-result').locator('.test-verdict').filter({ hasText: "Belongs to this check (sent to the check's address)" }).waitFor();

    await page.getByRole('button', { name: 'Create check' }).click();
    await page.waitForURL((u) => /^\/checks\/\d+$/.test(u.pathname));
    const created = (await svc.api('GET', `/checks/${new URL(page.url()).pathname.split('/').pop()}`)).body;
    expect(created).toMatchObject({ name: subject, alias: 'nightlysql', matching: { rules: [{ field: 'subject', operator: 'contains', value: subject }] } });
  });

  it('shows viewers every check read-only: no saving, no creating, and the API refuses them', async () => {
    const viewer = await consoleContext(browser, svc);
    const v = await loggedIn(viewer, 'viewer', PASSWORD, `/checks/${checkId}`);
    await v.getByText('You are a viewer').waitFor();
    expect(await v.getByLabel('Name', { exact: true }).inputValue()).toBe('User01: Documents');
    expect(await v.getByLabel('Name', { exact: true }).isDisabled()).toBe(true);
    expect(await v.getByRole('button', { name: /Save check|Create check/ }).count()).toBe(0);
    expect(await v.getByRole('button', { name: 'Delete', exact: true }).count()).toBe(0);
    await v.getByRole('tab', { name: 'Matching', exact: true }).click();
    expect(await v.getByLabel('Matching rule 1 value').isDisabled()).toBe(true);
    expect(await v.getByRole('button', { name: '+ Add Matching Rule' }).isVisible()).toBe(false);
    // The address is still there to copy.
    expect(await v.getByRole('button', { name: 'Copy address' }).isEnabled()).toBe(true);
    expect(await v.getByRole('button', { name: 'Run test' }).isDisabled()).toBe(true);

    await v.goto('/checks');
    await v.getByRole('link', { name: 'User01: Documents' }).waitFor();
    expect(await v.getByRole('link', { name: 'Add check' }).count()).toBe(0);
    await v.goto('/unmatched');
    await v.locator('[data-table="unmatched"] tbody tr', { hasText: 'Weekly report: fileserver' }).waitFor();
    expect(await v.getByRole('link', { name: 'Create check from this message' }).count()).toBe(0);

    const session = await (await viewer.request.get('/api/v1/session')).json();
    const post = await viewer.request.post('/api/v1/checks', { data: { name: 'Sneaky' }, headers: { 'x-csrf-token': session.csrfToken } });
    expect(post.status()).toBe(403);
    expect((await post.json()).error.code).toBe('forbidden');
    await viewer.close();
  });
});
