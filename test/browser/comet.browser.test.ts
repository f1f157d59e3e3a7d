import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CometStatus } from '../../src/modules/formats/comet/comet.models.js';
import { fixedClock } from '../../src/shared/clock.js';
import { browserMissing, consoleContext, launchBrowser, loggedIn, screenshot } from '../helpers/browser.js';
import { type CometReportJob, cometReportEmail } from '../helpers/comet-report.js';
import { startTestService, type TestService } from '../helpers/service.js';

type Item = Pick<CometReportJob, 'username' | 'device' | 'protectedItem' | 'clientVersion'> & { status: CometStatus };

// Three users, three devices, five protected items; Bob's client is older than the others'. Names differ in case
// so that the order is seen to ignore it, as the Comet console's does.
const ITEMS: Item[] = [
  { username: 'alice', device: 'OFFICE-PC', protectedItem: 'Mail', status: 'Warning', clientVersion: '24.3.0' },
  { username: 'alice', device: 'OFFICE-PC', protectedItem: 'documents', status: 'Success', clientVersion: '24.3.0' },
  { username: 'alice', device: 'LAPTOP', protectedItem: 'Desktop', status: 'Success', clientVersion: '24.3.0' },
  { username: 'Bob', device: 'FILESERVER', protectedItem: 'Shares', status: 'Error', clientVersion: '23.6.1' },
  { username: 'carol', device: 'OFFICE-PC', protectedItem: 'Documents', status: 'Success', clientVersion: '24.3.0' },
];
const ORDER = [
  ['alice', 'LAPTOP', 'Desktop'],
  ['alice', 'OFFICE-PC', 'documents'],
  ['alice', 'OFFICE-PC', 'Mail'],
  ['Bob', 'FILESERVER', 'Shares'],
  ['carol', 'OFFICE-PC', 'Documents'],
];
const NIGHTS = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19'];

const PASSWORD = 'a long enough password 1';
const clock = fixedClock('2026-11-16T20:00:00Z');
let svc: TestService;
let browser: Browser;
let context: BrowserContext;
let page: Page;

/** A nightly job around 21:00 in Berlin, reported to the bare inbox when it is done (4 minutes later). */
async function report(item: Item, night: number, over: Partial<CometReportJob> = {}) {
  const started = new Date(Date.UTC(2026, 10, 16 + night, 20, ITEMS.indexOf(item) * 2));
  const stopped = new Date(started.getTime() + 4 * 60_000);
  clock.set(stopped);
  const raw = cometReportEmail({ ...item, started, stopped, zone: 'CET', totalSize: '52.1 GB', files: 12_000, uploaded: '1.2 GB', ...over });
  expect((await svc.send(raw)).code).toBe(250);
}

const checks = async () => (await svc.api('GET', '/checks?limit=500')).body.items as any[];
const checkOf = async (username: string, protectedItem: string) => (await checks()).find((c) => c.comet?.username === username && c.comet?.protectedItem === protectedItem);

const cometRows = () => page.locator('.comet-row[data-check]');
const cometRow = (id: number): Locator => page.locator(`.comet-row[data-check="${id}"]`);

describe.skipIf(browserMissing)('Comet in the console', () => {
  let desktop: any;
  let shares: any;

  beforeAll(async () => {
    svc = await startTestService({ clock });
    expect((await svc.api('PATCH', '/settings', { timezone: 'Europe/Berlin' })).status).toBe(200);
    for (const [night] of NIGHTS.entries()) {
      for (const item of ITEMS) {
        // Desktop's last backup is far smaller than the three before it: an anomaly.
        await report(item, night, item.protectedItem === 'Desktop' && night === 3 ? { totalSize: '6.8 GB' } : {});
      }
    }
    // Carol's item has a schedule: no "No schedule" badge for it.
    const carol = await checkOf('carol', 'Documents');
    expect((await svc.api('PATCH', `/checks/${carol.id}`, { schedule: { type: 'interval', every: 1, unit: 'days', overdueAfterMinutes: 120 } })).status).toBe(200);
    // The evening of the 20th, before tonight's jobs (a later report must not outlast the session).
    clock.set('2026-11-20T19:55:00Z');
    desktop = await checkOf('alice', 'Desktop');
    shares = await checkOf('Bob', 'Shares');

    browser = await launchBrowser();
    context = await consoleContext(browser, svc, { timezoneId: 'Europe/Berlin' });
    expect((await context.request.post('/api/v1/setup', { data: { username: 'admin', password: PASSWORD } })).status()).toBe(201);
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await svc?.destroy();
  });

  it('lists every protected item of every device in every account, Username > Device > Item, with badges and ten days', async () => {
    await page.goto('/');
    await page.locator('.board-row').first().waitFor();
    await page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Comet' }).click();
    await page.waitForURL((u) => u.searchParams.get('view') === 'comet');
    await expect.poll(() => cometRows().count()).toBe(5);

    const cells = await cometRows().evaluateAll((rows) =>
      rows.map((r) => [r.querySelector('.comet-username')!.textContent!.trim(), r.querySelector('.comet-device')!.firstChild!.textContent!.trim(), r.querySelector('.comet-item a')!.textContent!.trim()]),
    );
    expect(cells).toEqual(ORDER);

    // Outdated only beside Bob's device, with the versions in its tooltip.
    const outdated = page.locator('.comet-row .badge', { hasText: 'Outdated' });
    expect(await outdated.count()).toBe(1);
    expect(await cometRow(shares.id).locator('.comet-device .badge').textContent()).toBe('Outdated');
    expect(await cometRow(shares.id).locator('.comet-device .badge').getAttribute('title')).toBe('Runs Comet 23.6.1; the newest client seen on this server is 24.3.0');
    // No schedule on every item but carol's.
    const noSchedule = await cometRows().evaluateAll((rows) => rows.map((r) => r.querySelector('.comet-item .badge')?.textContent ?? ''));
    expect(noSchedule).toEqual(['No schedule', 'No schedule', 'No schedule', 'No schedule', '']);

    // The statuses in words, and one job a night in the bars.
    expect(await cometRow(shares.id).locator('.comet-status .status').textContent()).toContain('Failure');
    expect(await cometRow(desktop.id).locator('.comet-status .status').textContent()).toContain('Warning');
    const day = (id: number, d: string) => cometRow(id).locator(`[data-day="${d}"]`);
    for (const d of NIGHTS) expect(await day(shares.id, d).getAttribute('aria-label')).toMatch(/1 activity \(1 failure\)/);
    expect((await day(shares.id, '2026-11-19').textContent())?.trim()).toBe('✕ 1');
    expect(await day(desktop.id, '2026-11-19').getAttribute('data-worst')).toBe('warning');
    expect(await day(desktop.id, '2026-11-18').getAttribute('data-worst')).toBe('success');
    expect(await day(desktop.id, '2026-11-15').getAttribute('aria-label')).toMatch(/no activity/);
    expect(await day(desktop.id, '2026-11-20').getAttribute('class')).toMatch(/\bseg-empty\b.*\btoday\b/);

    // The free text and status filters narrow the rows.
    await page.getByLabel('Find a user, device or protected item').fill('office');
    await expect.poll(() => cometRows().count()).toBe(3);
    await page.getByLabel('Status', { exact: true }).selectOption('warning');
    await expect.poll(() => cometRows().count()).toBe(1);
    await page.getByLabel('Find a user, device or protected item').fill('');
    await page.getByLabel('Status', { exact: true }).selectOption('');
    await expect.poll(() => cometRows().count()).toBe(5);
    await screenshot(page, 'comet-recent-activity');
  });

  it('follows a new report while open, and opens a day from its segment', async () => {
    await page.evaluate('window.stayed = true');
    await report(ITEMS[3]!, 4, { status: 'Success' });
    const today = cometRow(shares.id).locator('[data-day="2026-11-20"]');
    await expect.poll(() => today.getAttribute('data-worst'), { timeout: 10_000 }).toBe('success');
    expect(await page.evaluate('window.stayed')).toBe(true);

    await cometRow(shares.id).locator('[data-day="2026-11-18"]').click();
    await page.waitForURL((u) => u.pathname === '/activity' && u.searchParams.get('checkId') === String(shares.id) && u.searchParams.get('day') === '2026-11-18');
    await page.goBack();
    await page.waitForURL((u) => u.pathname === '/' && u.searchParams.get('view') === 'comet');
    await expect.poll(() => cometRows().count()).toBe(5);
  });

  it("opens an item's check page: the newest job, the trends as charts and in words, and the schedule suggestion", async () => {
    await cometRow(desktop.id).getByRole('link', { name: 'Desktop' }).click();
    await page.waitForURL((u) => u.pathname === `/checks/${desktop.id}`);
    const panel = page.getByRole('region', { name: 'Comet protected item' });
    await panel.waitFor();
    expect(await panel.textContent()).toContain('Created by Comet auto-discovery');
    const fact = async (name: string) => (await panel.locator(`[data-fact="${name}"] dd`).textContent())?.trim();
    expect(await fact('Username')).toBe('alice');
    expect(await fact('Device')).toBe('LAPTOP');
    expect(await fact('Protected item')).toBe('Desktop');
    expect(await fact('Storage vault')).toBe('Offsite Comet Server');
    expect(await fact('Client version')).toBe('24.3.0');
    expect(await fact('Job')).toBe('Backup: Success');
    expect(await fact('Duration')).toBe('4 min');
    expect(await fact('Total size')).toBe('6.8 GB');
    expect(await fact('Files')).toBe('12,000');
    expect(await fact('Uploaded')).toBe('1.2 GB');
    expect(await fact('Started')).toBe(await page.evaluate(() => new Intl.DateTimeFormat(undefined, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date('2026-11-19T20:04:00Z'))));

    // Four charts drawn, each named and summed up in words.
    await expect.poll(() => panel.locator('.trend-chart canvas').count()).toBe(4);
    const size = panel.getByRole('img', { name: /^Total size over the last 4 jobs/ });
    expect(await size.getAttribute('aria-label')).toBe('Total size over the last 4 jobs: min 6.8 GB · median 52.1 GB · last 6.8 GB');
    expect(await panel.locator('[data-trend="files"] figcaption').textContent()).toBe('Files min 12,000 · median 12,000 · last 12,000');
    expect(await panel.locator('[data-trend="durationSeconds"] figcaption').textContent()).toBe('Duration min 4 min · median 4 min · last 4 min');
    await panel.getByText('The 4 jobs as a table').click();
    expect(await panel.locator('[data-table="comet-trends"] tbody tr').count()).toBe(4);
    expect(await panel.locator('[data-table="comet-trends"] tbody tr').first().textContent()).toContain('6.8 GB');

    // Three reports in, the schedule is suggested; applying it sets it.
    const suggestion = panel.getByRole('note', { name: 'Schedule suggestion' });
    expect(await suggestion.textContent()).toMatch(/Suggested schedule: Every day.*4 reports, about every 1 day/);
    await screenshot(page, 'comet-check');
    await suggestion.getByRole('button', { name: 'Apply suggested schedule' }).click();
    await page.getByText('The suggested schedule applies now.').waitFor();
    const after = (await svc.api('GET', `/checks/${desktop.id}`)).body;
    expect(after.schedule).toMatchObject(after.scheduleSuggestion.schedule);
    expect(after).toMatchObject({ scheduleSetBy: 'user', schedule: { type: 'interval', every: 1, unit: 'days' } });
    expect(await panel.getByRole('note', { name: 'Schedule suggestion' }).count()).toBe(0);
    await page.getByRole('tab', { name: 'Schedule', exact: true }).click();
    expect(await page.getByRole('radio', { name: 'Interval', exact: true }).isChecked()).toBe(true);
    expect(await page.getByText('Unsaved changes', { exact: true }).count()).toBe(0);
  });

  it('offers the Comet rule fields and the Comet status, and saves a discovered check unchanged as it was', async () => {
    const mail = (await svc.api('GET', `/checks/${(await checkOf('alice', 'Mail')).id}`)).body;
    await page.goto(`/checks/${mail.id}`);
    await page.getByRole('tab', { name: 'Matching', exact: true }).click();
    expect(await page.getByLabel('Matching rule 1 field').inputValue()).toBe('comet.username');
    const options = await page.getByLabel('Matching rule 1 field').locator('option').allTextContents();
    expect(options).toEqual(expect.arrayContaining(['Comet username', 'Comet device', 'Comet protected item', 'Comet storage vault', 'Comet status', 'Comet job type']));
    await page.getByRole('tab', { name: 'Status', exact: true }).click();
    expect(await page.getByRole('checkbox', { name: 'Take the status from the Comet report' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Total size drop (%): rule').inputValue()).toBe('inherit');
    expect(await page.getByLabel('Total size drop (%): rule').locator('option:checked').textContent()).toBe('Inherit (organization: 50 %)');

    await page.getByRole('button', { name: 'Save check' }).click();
    await page.getByText('Saved.').waitFor();
    const { updatedAt: _a, ...was } = mail;
    const { updatedAt: _b, ...now } = (await svc.api('GET', `/checks/${mail.id}`)).body;
    expect(now).toEqual(was);
    expect(now.scheduleSetBy).toBe('default');

    await page.getByLabel('Total size drop (%): rule').selectOption('off');
    await page.getByLabel('Duration (× the median): rule').selectOption('set');
    await page.getByLabel('Duration (× the median): value').fill('5');
    await page.getByRole('button', { name: 'Save check' }).click();
    await page.getByText('Saved.').waitFor();
    expect((await svc.api('GET', `/checks/${mail.id}`)).body.anomalies).toEqual({ sizeDropPercent: null, durationFactor: 5 });
  });

  it('gives the reason of an anomaly in the Activity list, and the parsed job in the message viewer', async () => {
    await page.goto(`/activity?checkId=${desktop.id}`);
    const rows = page.locator('[data-table="activity"] tbody tr');
    await expect.poll(() => rows.count()).toBe(4);
    expect(await rows.first().locator('.why').textContent()).toBe('Total size fell 87 % from 52.1 GB to 6.8 GB against the median of the last 3 jobs');
    expect(await rows.nth(1).locator('.why').textContent()).toBe('Status from the Comet report');
    // The first report was claimed by discovery; the check's own rules (on the parsed fields) claim the later ones.
    expect(await rows.last().locator('.why').getAttribute('title')).toBe('Claimed by its Comet protected item');
    expect(await rows.first().locator('.why').getAttribute('title')).toMatch(/^Matching rules: Comet username equals "alice"; Comet device equals "LAPTOP"/);

    await rows.first().getByRole('link', { name: /Backup of "Desktop"/ }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/messages/'));
    const belongs = page.getByRole('region', { name: 'Checks' });
    await belongs.getByText("Warning: the job's figures are off against its history.").waitFor();
    expect(await belongs.getByRole('list', { name: 'Reasons' }).textContent()).toContain('Total size fell 87 %');
    await page.getByRole('tab', { name: 'Comet job' }).click();
    const job = page.getByRole('region', { name: 'Comet job' });
    await job.waitFor();
    expect(await job.locator('[data-fact="Total size"] dd').textContent()).toBe('6.8 GB');
    expect(await job.locator('[data-fact="Device"] dd').textContent()).toContain('LAPTOP');
    expect(await job.locator('.job-log').textContent()).toContain('Job completed.');
  });

  it('saves the Comet settings, shows what the API refuses beside the field, makes a webhook secret and lets a deleted item be discovered again', async () => {
    const carol = await checkOf('carol', 'Documents');
    expect((await svc.api('DELETE', `/checks/${carol.id}`)).status).toBe(204);

    await page.goto('/settings');
    await page.getByRole('tab', { name: 'Comet' }).click();
    await page.waitForURL((u) => u.searchParams.get('tab') === 'comet');
    const form = page.getByRole('form', { name: 'Comet Backup' });
    await form.getByLabel('Only these Comet usernames').waitFor();
    await form.getByLabel('Only these Comet usernames').fill('acme-*\nalice');
    await form.getByLabel('Skipped', { exact: true }).selectOption('failure');
    await form.getByLabel('Suggest a schedule after (reports)').fill('1');
    await form.getByRole('checkbox', { name: /Apply the suggestion by itself/ }).uncheck();
    await form.getByRole('button', { name: '+ Add group rule' }).click();
    await form.getByLabel('Group rule 1 username pattern').fill('acme-*');
    await form.getByLabel('Group rule 1 group').fill('Acme Corp');
    await form.getByRole('button', { name: 'Save Comet settings' }).click();
    // Refused: the field says why, and nothing is stored.
    await form.locator('.field-error[data-field="schedule.suggestAfter"]').waitFor();
    expect(await form.getByLabel('Suggest a schedule after (reports)').getAttribute('aria-invalid')).toBe('true');
    expect((await svc.api('GET', '/settings/comet')).body.autoDiscovery.usernames).toEqual([]);

    await form.getByLabel('Suggest a schedule after (reports)').fill('4');
    await form.getByRole('button', { name: 'Save Comet settings' }).click();
    await form.getByRole('status').filter({ hasText: 'Comet settings saved.' }).waitFor();
    const saved = (await svc.api('GET', '/settings/comet')).body;
    expect(saved).toMatchObject({
      autoDiscovery: { enabled: true, usernames: ['acme-*', 'alice'], senders: [] },
      groups: [{ username: 'acme-*', group: 'Acme Corp' }],
      schedule: { suggestAfter: 4, applyAfter: null },
      statusMap: { Skipped: 'failure', Warning: 'warning' },
      anomalies: { sizeDropPercent: 50, history: 10 },
    });

    const webhook = page.getByRole('region', { name: 'Comet webhook' });
    expect(await webhook.getByTestId('webhook-state').textContent()).toContain('Off');
    expect(await webhook.getByLabel('Webhook URL', { exact: true }).inputValue()).toMatch(/\/api\/v1\/ingest\/comet$/);
    await webhook.getByRole('button', { name: 'Make a new secret' }).click();
    const secret = (await webhook.getByTestId('webhook-secret').textContent())!;
    expect(secret).toMatch(/^bwh_/);
    expect(await webhook.getByTestId('webhook-full-url').textContent()).toMatch(new RegExp(`/api/v1/ingest/comet\\?secret=${secret}$`));
    await expect.poll(() => webhook.getByTestId('webhook-state').textContent()).toContain(`secret starting ${secret.slice(0, 8)}`);
    expect((await svc.api('GET', '/settings/comet')).body.webhook).toMatchObject({ configured: true, hint: secret.slice(0, 8) });

    const tombstones = page.locator('[data-table="comet-tombstones"] tbody tr');
    await expect.poll(() => tombstones.first().textContent()).toContain('carolOFFICE-PCDocuments');
    await screenshot(page, 'settings-comet');
    await tombstones.first().getByRole('button', { name: /Allow rediscovery/ }).click();
    await page.getByText('The next report of carol › OFFICE-PC › Documents makes a check again.').waitFor();
    expect((await svc.api('GET', '/comet/tombstones')).body.items).toEqual([]);

    await webhook.getByRole('button', { name: 'Turn off' }).click();
    await webhook.getByRole('button', { name: 'Turn the webhook off' }).click();
    await expect.poll(() => webhook.getByTestId('webhook-state').textContent()).toContain('Off');
    expect((await svc.api('GET', '/settings/comet')).body.webhook.configured).toBe(false);
  });

  it('shows viewers the Comet settings read-only', async () => {
    expect((await svc.api('POST', '/users', { username: 'viewer', password: PASSWORD, role: 'viewer' })).status).toBe(201);
    const viewerContext = await consoleContext(browser, svc, { timezoneId: 'Europe/Berlin' });
    try {
      const v = await loggedIn(viewerContext, 'viewer', PASSWORD, '/settings?tab=comet');
      await expect.poll(() => v.getByLabel('Only these Comet usernames').inputValue()).toBe('acme-*\nalice');
      expect(await v.getByLabel('Only these Comet usernames').isDisabled()).toBe(true);
      expect(await v.getByLabel('Skipped', { exact: true }).isDisabled()).toBe(true);
      for (const name of ['Save Comet settings', 'Make a new secret', 'Turn off', '+ Add group rule']) expect(await v.getByRole('button', { name, exact: true }).isVisible().catch(() => false)).toBe(false);
      expect(await v.locator('[data-table="comet-tombstones"] th', { hasText: 'Action' }).count()).toBe(0);
    } finally {
      await viewerContext.close();
    }
  });
});
