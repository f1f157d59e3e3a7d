import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBytes, formatDuration } from '../../src/shared/figures.js';
import { browserMissing, consoleContext, launchBrowser, loggedIn, screenshot } from '../helpers/browser.js';
import { startTestService, type TestService } from '../helpers/service.js';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'formats');
const VEEAM = 'veeam/vbr-success.eml';
const PROXMOX = 'proxmox/vzdump-8.1-one-failed.eml';
const SYNOLOGY = 'synology/abb-en-failure.eml';

/** A fixture as sent; `again` gives it a Message-ID of its own, as a later run of the same job would have. */
const report = (name: string, again = '') => {
  const raw = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
  return again ? raw.replace(/^Message-ID: <([^>]+)>/im, `Message-ID: <${again}-$1>`) : raw;
};

// No tenant in any of them: the rows go by device (Veeam names none), then item, ignoring case.
const ORDER = [
  ['Veeam Backup & Replication', '', '', 'Nightly VMs'],
  ['Synology Active Backup for Business', '', 'NAS-OFFICE', 'SRV-Files'],
  ['Proxmox VE', '', 'pve3.example.lan', '200 db01'],
  ['Proxmox VE', '', 'pve3.example.lan', '201 app01'],
  ['Proxmox VE', '', 'pve3.example.lan', '202 cache01'],
];

const PASSWORD = 'a long enough password 1';
let svc: TestService;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const checks = async () => (await svc.api('GET', '/checks?limit=500')).body.items as any[];
const checkOf = async (item: string) => (await checks()).find((c) => c.job?.item === item);
const jobRows = () => page.locator('.job-row[data-check]');

describe.skipIf(browserMissing)('Report formats in the console', () => {
  let veeamCheck: any;

  beforeAll(async () => {
    svc = await startTestService();
    for (const name of [VEEAM, PROXMOX, SYNOLOGY]) expect((await svc.send(report(name))).code).toBe(250);
    veeamCheck = await checkOf('Nightly VMs');
    expect(veeamCheck).toMatchObject({ origin: 'veeam' });

    browser = await launchBrowser();
    context = await consoleContext(browser, svc);
    expect((await context.request.post('/api/v1/setup', { data: { username: 'admin', password: PASSWORD } })).status()).toBe(201);
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await svc?.destroy();
  });

  it('lists the job of every discovered check in the Jobs view, Tenant > Device > Item, with its product and status', async () => {
    await page.goto('/');
    await page.locator('.board-row').first().waitFor();
    await page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Jobs' }).click();
    await page.waitForURL((u) => u.searchParams.get('view') === 'jobs');
    await expect.poll(() => jobRows().count()).toBe(5);

    const cells = await jobRows().evaluateAll((rows) =>
      rows.map((r) => [
        r.querySelector('.job-product')!.textContent!.trim(),
        r.querySelector('.job-tenant')!.textContent!.trim(),
        r.querySelector('.job-device')!.textContent!.trim(),
        r.querySelector('.job-item a')!.textContent!.trim(),
      ]),
    );
    expect(cells).toEqual(ORDER);
    // The Proxmox run told of three guests on one host: one failed.
    const statuses = await jobRows().evaluateAll((rows) => rows.map((r) => r.querySelector('.job-status .status')!.textContent!.trim()));
    expect(statuses.slice(2)).toEqual(['✓ Success', '✕ Failure', '✓ Success']);
    expect(statuses[1]).toBe('✕ Failure');
    // Discovered checks start without a schedule; no product here reports a version older than another's.
    expect(await page.locator('.job-row[data-check] .job-item .badge', { hasText: 'No schedule' }).count()).toBe(5);
    expect(await page.locator('.job-row .badge', { hasText: 'Outdated' }).count()).toBe(0);

    // The find box looks at the product, tenant, device and item.
    const find = page.getByLabel('Find a product, tenant, device or item');
    await find.fill('proxmox');
    await expect.poll(() => jobRows().count()).toBe(3);
    await find.fill('nas-office');
    await expect.poll(() => jobRows().count()).toBe(1);
    await find.fill('');
    await expect.poll(() => jobRows().count()).toBe(5);
    await screenshot(page, 'jobs-recent-activity');

    // No Comet report came: the Comet view says so.
    await page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Comet' }).click();
    await page.getByText('No Comet protected items yet.').waitFor();
  });

  it("shows a Veeam check's job and the VMs it backed up, with their status, size and duration", async () => {
    await page.goto('/?view=jobs');
    await page.locator(`.job-row[data-check="${veeamCheck.id}"]`).getByRole('link', { name: 'Nightly VMs' }).click();
    await page.waitForURL((u) => u.pathname === `/checks/${veeamCheck.id}`);
    const panel = page.getByRole('region', { name: 'Veeam Backup & Replication job' });
    await panel.waitFor();
    expect(await panel.textContent()).toContain('Created by Veeam auto-discovery');
    const fact = async (name: string) => (await panel.locator(`[data-fact="${name}"] dd`).textContent())?.trim();
    expect(await fact('Product')).toBe('Veeam Backup & Replication');
    expect(await fact('Item')).toBe('Nightly VMs');
    expect(await fact('Version')).toBe('12.3.1.1139');
    expect(await fact('Job')).toBe('Backup: Success');
    expect(await fact('Objects')).toBe('3');
    expect(await fact('Size')).toBe(formatBytes(1429365116109));
    expect(await fact('Transferred')).toBe(formatBytes(23085449216));
    expect(await fact('Duration')).toBe(formatDuration(875));

    const vms = panel.locator('[data-table="job-parts"] tbody tr');
    await expect.poll(() => vms.count()).toBe(3);
    const rows = await vms.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent!.trim())));
    expect(rows).toEqual([
      ['dc01', '✓ Success', formatBytes(64424509440), formatDuration(211)],
      ['fs01', '✓ Success', formatBytes(1319413953331), formatDuration(801)],
      ['app01', '✓ Success', formatBytes(85899345920), formatDuration(373)],
    ]);
    await expect.poll(() => panel.locator('.trend-chart canvas').count()).toBe(4);
    await screenshot(page, 'veeam-check');

    // Its matching rules are on the job's fields, offered in words beside every format's own, grouped by product.
    await page.getByRole('tab', { name: 'Matching', exact: true }).click();
    const field = page.getByLabel('Matching rule 1 field');
    expect(await field.inputValue()).toBe('job.format');
    expect(await field.locator('option:checked').textContent()).toBe('Job report format');
    const groups = await field.locator('optgroup').evaluateAll((gs) => gs.map((g) => g.getAttribute('label')));
    expect(groups).toEqual(expect.arrayContaining(['Message', 'Job (any report format)', 'Veeam', 'Proxmox VE', 'Comet']));
    expect(await field.locator('optgroup[label="Veeam"] option').allTextContents()).toContain('Veeam data read');
    expect(await page.getByLabel('Matching rule 1 value').getAttribute('list')).toBe('bw-values-job-format');
    expect(await page.locator('#bw-values-job-format option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toContain('veeam');
    await page.getByRole('tab', { name: 'Status', exact: true }).click();
    expect(await page.getByRole('checkbox', { name: 'Take the status from the Veeam report' }).isChecked()).toBe(true);
  });

  it('lists the three guests a Proxmox report told of on its message page', async () => {
    const messages = (await svc.api('GET', '/messages?limit=50')).body.items as any[];
    const proxmox = messages.find((m) => m.subject.startsWith('vzdump backup status'));
    await page.goto(`/messages/${proxmox.id}`);
    const jobs = page.getByRole('region', { name: 'Jobs in this report' });
    const rows = jobs.locator('[data-table="message-jobs"] tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    const cells = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 6).map((td) => td.textContent!.trim())));
    expect(cells).toEqual([
      ['Proxmox VE', '', 'pve3.example.lan', '200 db01', 'Backup', '✓ Success ok'],
      ['Proxmox VE', '', 'pve3.example.lan', '201 app01', 'Backup', '✕ Failure err'],
      ['Proxmox VE', '', 'pve3.example.lan', '202 cache01', 'Backup', '✓ Success ok'],
    ]);
    // Each job's check, and why each belongs: its Proxmox job claimed it.
    expect(await page.getByRole('region', { name: 'Checks' }).locator('.message-activities > li').count()).toBe(3);
    expect(await page.getByRole('region', { name: 'Checks' }).textContent()).toContain('Claimed by its Proxmox VE job');
    expect(await page.getByRole('tab', { name: 'Comet job' }).count()).toBe(0);
    await screenshot(page, 'proxmox-message');
  });

  it('sends a Veeam report to unmatched, not to its check, once Veeam is turned off in Settings', async () => {
    await page.goto('/settings?tab=formats');
    const formats = page.getByRole('region', { name: 'Report formats' });
    const veeam = formats.getByRole('switch', { name: 'Read Veeam reports' });
    expect(await veeam.isChecked()).toBe(true);
    // Comet's discovery is set on its own tab.
    expect(await formats.locator('tr[data-format="comet"]').textContent()).toContain('managed in Settings › Comet');
    await screenshot(page, 'settings-formats');
    await veeam.uncheck();
    await formats.getByRole('status').filter({ hasText: 'Veeam reports are no longer read' }).waitFor();
    expect(await formats.getByRole('switch', { name: 'Discover Veeam checks' }).isDisabled()).toBe(true);
    const now = (await svc.api('GET', '/formats')).body.items.find((f: any) => f.id === 'veeam');
    expect(now.settings.enabled).toBe(false);

    expect((await svc.send(report(VEEAM, 'later'))).code).toBe(250);
    await page.goto('/unmatched');
    await page.locator('[data-table="unmatched"] tbody tr', { hasText: '[Success] Nightly VMs (3 objects)' }).waitFor();
    const activities = (await svc.api('GET', `/activities?checkId=${veeamCheck.id}`)).body.items;
    expect(activities).toHaveLength(1);
  });

  it('keeps the RPO and the zero-data warning for every job, and shows viewers the formats read-only', async () => {
    await page.goto('/settings?tab=formats');
    const form = page.getByRole('form', { name: 'Every job' });
    await form.getByLabel('RPO (days)').fill('2');
    await form.getByRole('checkbox', { name: /Warn when a successful job protected 0 bytes/ }).uncheck();
    await form.getByRole('button', { name: 'Save job settings' }).click();
    await form.getByRole('status').filter({ hasText: 'Job settings saved.' }).waitFor();
    expect((await svc.api('GET', '/settings/jobs')).body).toMatchObject({ rpoDays: 2, anomalies: { zeroData: false } });

    expect((await svc.api('POST', '/users', { username: 'viewer', password: PASSWORD, role: 'viewer' })).status).toBe(201);
    const viewerContext = await consoleContext(browser, svc);
    try {
      const v = await loggedIn(viewerContext, 'viewer', PASSWORD, '/settings?tab=formats');
      const proxmox = v.getByRole('switch', { name: 'Read Proxmox VE reports' });
      await proxmox.waitFor();
      expect(await proxmox.isChecked()).toBe(true);
      expect(await proxmox.isDisabled()).toBe(true);
      expect(await v.getByRole('switch', { name: 'Discover Proxmox VE checks' }).isDisabled()).toBe(true);
      await expect.poll(() => v.getByLabel('RPO (days)').inputValue()).toBe('2');
      expect(await v.getByLabel('RPO (days)').isDisabled()).toBe(true);
      expect(await v.getByRole('button', { name: 'Save job settings' }).count()).toBe(0);
    } finally {
      await viewerContext.close();
    }
  });
});
