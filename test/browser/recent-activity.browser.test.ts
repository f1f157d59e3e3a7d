import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/shared/clock.js';
import { browserMissing, consoleContext, launchBrowser, screenshot } from '../helpers/browser.js';
import { startTestService, type TestService } from '../helpers/service.js';

// "Today" is 2026-11-20 for the server; the browser reads the days in Berlin.
const clock = fixedClock('2026-11-20T12:00:00Z');
const DAYS = ['2026-11-11', '2026-11-12', '2026-11-13', '2026-11-14', '2026-11-15', '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20'];

let svc: TestService;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const ids: Record<string, number> = {};
const addresses: Record<string, string> = {};

const bySubject = {
  default: 'failure',
  success: { rules: [{ field: 'subject', operator: 'startsWith', value: 'Success' }] },
  warning: { rules: [{ field: 'subject', operator: 'startsWith', value: 'Warning' }] },
};

const report = (subject: string) =>
  [
    'From: "Comet Backup" <noreply@cometbackup.example>',
    'To: reports@backwatch.local',
    `Subject: ${subject}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Job Report\r\n\r\n${subject}\r\n`,
  ].join('\r\n');

async function reportAt(at: string, check: string, subject: string) {
  clock.set(at);
  expect((await svc.send(report(subject), [addresses[check]!])).code).toBe(250);
}

async function createCheck(body: Record<string, unknown>) {
  const res = await svc.api('POST', '/checks', { status: bySubject, ...body });
  expect(res.status).toBe(201);
  ids[body.name as string] = res.body.id;
  addresses[body.name as string] = res.body.address;
}

// Runs in the browser (the tests' types have no DOM).
const style = (l: Locator, property: string) => l.evaluate((el, p) => (globalThis as unknown as { getComputedStyle(e: unknown): Record<string, string> }).getComputedStyle(el)[p], property);
const row = (name: string): Locator => page.locator('.board-row', { has: page.getByRole('link', { name, exact: true }) });
const segment = (name: string, day: string): Locator => row(name).locator(`[data-day="${day}"]`);

describe.skipIf(browserMissing)('Recent Activity', () => {
  beforeAll(async () => {
    svc = await startTestService({ clock });
    await createCheck({ name: 'Acme: Documents', group: 'Acme Corp' });
    await createCheck({ name: 'Acme: Mail', group: 'Acme Corp' });
    await createCheck({ name: 'Beta: Server', group: 'Beta', schedule: { type: 'interval', every: 1, unit: 'days', overdueAfterMinutes: 30 } });
    await createCheck({ name: 'Beta: Laptop', group: 'Beta', paused: true });

    await reportAt('2026-11-16T09:00:00Z', 'Acme: Documents', 'Warning - Backup of "Documents"');
    await reportAt('2026-11-18T09:00:00Z', 'Acme: Documents', 'Success - Backup of "Documents"');
    await reportAt('2026-11-18T10:00:00Z', 'Acme: Documents', 'Error - Backup of "Documents"');
    await reportAt('2026-11-18T23:30:00Z', 'Acme: Documents', 'Success - Backup of "Documents"'); // 00:30 on the 19th in Berlin
    await reportAt('2026-11-19T09:00:00Z', 'Acme: Documents', 'Success - Backup of "Documents"');
    await reportAt('2026-11-19T21:00:00Z', 'Acme: Mail', 'Error - Backup of "Mail"');
    await reportAt('2026-11-20T09:00:00Z', 'Acme: Mail', 'Error - Backup of "Mail"');
    await reportAt('2026-11-18T08:00:00Z', 'Beta: Server', 'Success - Backup of "Server"');
    clock.set('2026-11-20T12:00:00Z');
    await svc.scheduler.tick(); // Beta: Server missed the 19th and the 20th

    browser = await launchBrowser();
    context = await consoleContext(browser, svc, { timezoneId: 'Europe/Berlin' });
    const setup = await context.request.post('/api/v1/setup', { data: { username: 'admin', password: 'a long enough password 1' } });
    expect(setup.status()).toBe(201);
    page = await context.newPage();
    await page.goto('/');
    await page.locator('.board-row').nth(3).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await svc?.destroy();
  });

  it('shows ten days per check, oldest to today, with the counts', async () => {
    for (const name of ['Acme: Documents', 'Acme: Mail', 'Beta: Server', 'Beta: Laptop']) {
      expect(await row(name).locator('.segment').evaluateAll((els) => els.map((e) => e.getAttribute('data-day')))).toEqual(DAYS);
    }
    await expect.poll(() => segment('Acme: Documents', '2026-11-18').textContent()).toContain('2');
    expect(await segment('Acme: Documents', '2026-11-18').getAttribute('aria-label')).toMatch(/2 activities \(1 failure, 1 success\)/);
    // The report at 23:30 UTC is the 19th in Berlin.
    expect(await segment('Acme: Documents', '2026-11-19').getAttribute('aria-label')).toMatch(/2 activities \(2 success\)/);
    expect(await segment('Acme: Documents', '2026-11-17').getAttribute('aria-label')).toMatch(/no activity/);
    expect((await segment('Acme: Documents', '2026-11-17').textContent())?.trim()).toBe('');
  });

  it('stripes a day with a success and a failure, and colours a day of warnings amber', async () => {
    const mixed = segment('Acme: Documents', '2026-11-18');
    expect(await mixed.getAttribute('data-worst')).toBe('failure');
    expect(await mixed.getAttribute('data-next')).toBe('success');
    expect(await mixed.getAttribute('class')).toMatch(/\bseg-red\b.*\bstripe-green\b/);
    expect(await style(mixed, 'backgroundImage')).toContain('repeating-linear-gradient');

    const amber = segment('Acme: Documents', '2026-11-16');
    expect(await amber.getAttribute('data-worst')).toBe('warning');
    expect(await amber.getAttribute('data-next')).toBe('');
    expect(await amber.getAttribute('class')).toMatch(/\bseg-amber\b/);
    expect(await style(amber, 'backgroundColor')).toBe('rgb(217, 142, 4)');

    // Overdue marks are red days, one per missed expectation.
    expect(await segment('Beta: Server', '2026-11-19').getAttribute('data-worst')).toBe('overdue');
    expect(await segment('Beta: Server', '2026-11-20').getAttribute('data-worst')).toBe('overdue');
  });

  it("leaves today's segment blank before anything arrives", async () => {
    const today = segment('Acme: Documents', '2026-11-20');
    expect(await today.getAttribute('class')).toMatch(/\bseg-empty\b.*\btoday\b/);
    expect(await today.getAttribute('data-worst')).toBe('');
    expect((await today.textContent())?.trim()).toBe('');
    expect(await segment('Acme: Mail', '2026-11-20').getAttribute('data-worst')).toBe('failure');
  });

  it('heads each group with its counts, and badges checks that need attention', async () => {
    const acme = page.locator('.board-group[data-group="Acme Corp"]');
    const beta = page.locator('.board-group[data-group="Beta"]');
    await expect.poll(() => acme.locator('h2').textContent()).toMatch(/Acme Corp/);
    expect(await acme.locator('.group-counts').textContent()).toBe('1 failure1 success');
    expect(await beta.locator('.group-counts').textContent()).toBe('1 overdue1 pending');

    const badges = async (name: string) => row(name).locator('.badge').allTextContents();
    expect(await badges('Beta: Server')).toEqual(['Overdue']);
    expect(await badges('Beta: Laptop')).toEqual(['No schedule', 'Paused']);
    expect(await badges('Acme: Documents')).toEqual(['No schedule']);
    const failing = await badges('Acme: Mail');
    expect(failing[0]).toMatch(/^Failing since /);
    // Since the first failure of the run (22:00 in Berlin on the 19th), not the latest one.
    expect(failing[0]).toContain(await page.evaluate(() => new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }).format(new Date('2026-11-19T21:00:00Z'))));

    // Groups fold away.
    await acme.getByRole('button', { name: /Acme Corp/ }).click();
    expect(await acme.locator('.board-row').count()).toBe(0);
    await acme.getByRole('button', { name: /Acme Corp/ }).click();
    expect(await acme.locator('.board-row').count()).toBe(2);
    await screenshot(page, 'recent-activity');
  });

  it("opens a day's activities of the check from its segment", async () => {
    await segment('Acme: Documents', '2026-11-18').click();
    await page.waitForURL((url) => url.pathname === '/activity');
    const url = new URL(page.url());
    expect(url.searchParams.get('checkId')).toBe(String(ids['Acme: Documents']));
    expect(url.searchParams.get('day')).toBe('2026-11-18');
    const rows = page.locator('[data-table="activity"] tbody tr');
    await expect.poll(() => rows.allTextContents()).toHaveLength(2);
    const texts = await rows.allTextContents();
    expect(texts.every((t) => t.includes('Acme: Documents'))).toBe(true);
    expect(texts[0]).toContain('Error - Backup');
    expect(texts[1]).toContain('Success - Backup');
    // Both ends of the range show the day.
    expect(await page.getByRole('search', { name: 'Activity filters' }).getByLabel('From', { exact: true }).inputValue()).toBe('2026-11-18');
    expect(await page.getByRole('search', { name: 'Activity filters' }).getByLabel('To', { exact: true }).inputValue()).toBe('2026-11-18');
    await page.goBack();
    await page.waitForURL((u) => u.pathname === '/');
  });

  it('shows a report that arrives while the page is open, without reloading', async () => {
    await expect.poll(() => page.locator('.board-row').count()).toBe(4);
    await page.evaluate('window.stayed = true');
    clock.set('2026-11-20T12:05:00Z');
    await svc.send(report('Success - Backup of "Documents"'), [addresses['Acme: Documents']!]);
    const today = segment('Acme: Documents', '2026-11-20');
    await expect.poll(() => today.getAttribute('data-worst'), { timeout: 10_000 }).toBe('success');
    expect((await today.textContent())?.trim()).toMatch(/1$/);
    expect(await page.locator('.board-group[data-group="Acme Corp"] .group-counts').textContent()).toBe('1 failure1 success');
    expect(await page.evaluate('window.stayed')).toBe(true);
  });
});
