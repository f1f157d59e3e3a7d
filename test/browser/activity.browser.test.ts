import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/shared/clock.js';
import { browserMissing, consoleContext, launchBrowser, loggedIn, screenshot } from '../helpers/browser.js';
import { fixture, INBOX, startTestService, type TestService } from '../helpers/service.js';

const clock = fixedClock('2026-11-20T12:00:00Z');
const PASSWORD = 'a long enough password 1';

let svc: TestService;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const checks: Record<string, { id: number; address: string }> = {};
const messages: Record<string, number> = {};

const bySubject = {
  default: 'failure',
  success: { rules: [{ field: 'subject', operator: 'startsWith', value: 'Success' }] },
  warning: { rules: [{ field: 'subject', operator: 'startsWith', value: 'Warning' }] },
};

const report = (subject: string, body = `Job Report\r\n\r\n${subject}\r\n`, type = 'text/plain') =>
  [
    'From: "Comet Backup" <noreply@cometbackup.example>',
    'To: reports@backwatch.local',
    `Subject: ${subject}`,
    'Date: Fri, 20 Nov 2026 10:00:00 +0100',
    'MIME-Version: 1.0',
    `Content-Type: ${type}; charset=utf-8`,
    '',
    body,
  ].join('\r\n');

// A report whose HTML tries every way to run code: it must stay inert in the viewer.
const PLANTED_HTML = `<!DOCTYPE html><html><head><title>planted</title>
<style>.styled { color: rgb(200, 0, 0); }</style>
<script>document.documentElement.setAttribute('data-pwned', 'script'); window.__pwned = 'script'; parent.__pwned = 'script'; parent.document.title = 'pwned'; alert('script');</script>
</head><body>
<h1>Planted report</h1>
<p class="styled">Status: Success</p>
<img id="broken" src="x" onerror="document.documentElement.setAttribute('data-pwned', 'onerror'); parent.__pwned = 'onerror'; parent.document.title = 'pwned'; alert('onerror')">
<a id="js-link" href="javascript:document.documentElement.setAttribute('data-pwned', 'link'); parent.__pwned = 'link'; parent.document.title = 'pwned'">Click me</a>
<a id="details" href="https://example.test/details">Details</a>
<img id="logo" src="https://images.example.test/logo.png" alt="logo" width="20" height="20">
<svg><script>parent.__pwned = 'svg'</script></svg>
<iframe src="javascript:parent.__pwned = 'iframe'"></iframe>
<form action="https://example.test/steal"><input name="password"><button id="submit">Send</button></form>
</body></html>`;

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function send(at: string, raw: string | Buffer, to: string): Promise<number> {
  clock.set(at);
  const reply = await svc.send(raw, [to]);
  expect(reply.code).toBe(250);
  return Number(/stored as message (\d+)/.exec(reply.response)![1]);
}

async function createCheck(name: string, body: Record<string, unknown>) {
  const res = await svc.api('POST', '/checks', { name, status: bySubject, ...body });
  expect(res.status).toBe(201);
  checks[name] = res.body;
}

const tableRows = (p: Page = page) => p.locator('[data-table="activity"] tbody tr');
const rowTexts = (p: Page = page) => tableRows(p).allTextContents();
const settle = async (count: number) => expect.poll(async () => (await rowTexts()).filter((t) => !/Loading|No activity/.test(t)).length).toBe(count);
const filter = (label: string) => page.getByRole('search', { name: 'Activity filters' }).getByLabel(label, { exact: true });

// The page's own globals, for code that runs in the browser (the tests' types have no DOM).
const style = (l: Locator, property: string) => l.evaluate((el, p) => (globalThis as unknown as { getComputedStyle(e: unknown): Record<string, string> }).getComputedStyle(el)[p], property);
const naturalWidth = (l: Locator) => l.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth);

/** RFC 4180, enough for our exports. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    } else cell += ch;
  }
  row.push(cell);
  rows.push(row);
  return rows;
}

describe.skipIf(browserMissing)('Activity and the message viewer', () => {
  beforeAll(async () => {
    svc = await startTestService({ clock });
    await createCheck('Acme: Documents', { group: 'Acme Corp' });
    await createCheck('Acme: Mail', { group: 'Acme Corp', matching: { useAddress: false, rules: [{ field: 'subject', operator: 'contains', value: 'Backup of "Mail"' }] } });
    await createCheck('Beta: Server', { group: 'Beta', schedule: { type: 'interval', every: 1, unit: 'days', overdueAfterMinutes: 30 } });
    await createCheck('Fileserver', {
      group: 'Beta',
      status: { default: 'failure', warning: { rules: [{ field: 'body', operator: 'contains', value: 'COMPLETED WITH WARNINGS' }] } },
    });

    const docs = checks['Acme: Documents']!.address;
    await send('2026-11-17T08:00:00Z', report('Success - Backup of "Documents"'), docs);
    messages.success18 = await send('2026-11-18T09:00:00Z', report('Success - Backup of "Documents"'), docs);
    messages.error18 = await send('2026-11-18T10:00:00Z', report('Error - Backup of "Documents"'), docs);
    await send('2026-11-18T23:30:00Z', report('Warning - Backup of "Documents"'), docs); // the 19th in Berlin
    await send('2026-11-19T09:00:00Z', report('Success - Backup of "Documents"'), docs);
    await send('2026-11-19T06:00:00Z', report('Success - Backup of "Mail"'), INBOX);
    await send('2026-11-20T06:00:00Z', report('Error - Backup of "Mail"'), INBOX);
    await send('2026-11-18T07:00:00Z', report('Success - Backup of "Server"'), checks['Beta: Server']!.address);
    messages.fileserver = await send('2026-11-20T08:00:00Z', fixture('log-attachment.eml'), checks.Fileserver!.address);
    messages.planted = await send('2026-11-20T09:00:00Z', report('Planted report', PLANTED_HTML, 'text/html'), INBOX);
    clock.set('2026-11-20T12:00:00Z');
    await svc.scheduler.tick(); // Beta: Server missed the 19th and the 20th at 07:30 UTC

    browser = await launchBrowser();
    context = await consoleContext(browser, svc, { timezoneId: 'Europe/Berlin' });
    expect((await context.request.post('/api/v1/setup', { data: { username: 'admin', password: PASSWORD } })).status()).toBe(201);
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('console', (m) => m.type() === 'error' && console.error('browser:', m.text()));
    page.on('pageerror', (e) => console.error('page error:', e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await svc?.destroy();
  });

  it('lists every activity, newest first, with its check, status, subject and why', async () => {
    await page.goto('/activity');
    await settle(11);
    const texts = await rowTexts();
    expect(texts[0]).toMatch(/Fileserver.*Warning.*Nightly backup report: fileserver01.*warning rules: Body contains "COMPLETED WITH WARNINGS"/);
    expect(texts[1]).toMatch(/Beta: Server.*Overdue.*No report arrived.*No report by the deadline/);
    expect(texts[2]).toMatch(/Acme: Mail.*Failure.*Error - Backup of "Mail".*No status rule matched: the default applied/);
    expect(texts[3]).toMatch(/Acme: Documents.*Success/);
    expect(texts[4]).toMatch(/Beta: Server.*Overdue/);
    expect(texts.at(-1)).toMatch(/Acme: Documents.*Success.*success rules: Subject starts with "Success"/);
    // Overdue activities have no message to open.
    expect(await tableRows().nth(1).getByRole('link').allTextContents()).toEqual(['Beta: Server']);
    await tableRows().nth(1).locator('td').nth(3).click();
    expect(new URL(page.url()).pathname).toBe('/activity');
    await screenshot(page, 'activity');

    // A row opens its message.
    await tableRows().nth(2).locator('td').first().click();
    await page.waitForURL(/\/messages\/\d+$/);
    await page.getByRole('heading', { name: 'Error - Backup of "Mail"' }).waitFor();
    await page.goBack();
    await settle(11);
  });

  it('filters by check, status, dates and text, kept in the address', async () => {
    await page.goto('/activity');
    await settle(11);
    await filter('Check').selectOption({ label: 'Acme Corp › Acme: Documents' });
    await expect.poll(() => new URL(page.url()).searchParams.get('checkId')).toBe(String(checks['Acme: Documents']!.id));
    await settle(5);
    expect((await rowTexts()).every((t) => t.includes('Acme: Documents'))).toBe(true);

    await filter('Status').selectOption('success');
    await settle(3);
    expect(new URL(page.url()).searchParams.get('status')).toBe('success');

    await filter('Status').selectOption('');
    await filter('From').fill('2026-11-18');
    await filter('To').fill('2026-11-18');
    // The 23:30 UTC report is already the 19th in Berlin.
    await settle(2);
    expect(new URL(page.url()).search).toContain('from=2026-11-18&to=2026-11-18');
    await filter('To').fill('2026-11-19');
    await settle(4);

    await filter('Subject').fill('Warning');
    await settle(1);
    expect(new URL(page.url()).searchParams.get('q')).toBe('Warning');
    expect((await rowTexts())[0]).toContain('Warning - Backup of "Documents"');

    // The address alone reproduces the view.
    const url = page.url();
    await page.goto('/');
    await page.goto(url);
    await settle(1);
    expect(await filter('Subject').inputValue()).toBe('Warning');

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await settle(11);
    expect(new URL(page.url()).search).toBe('');

    // The link a Recent Activity segment makes.
    await page.goto(`/activity?checkId=${checks['Acme: Documents']!.id}&day=2026-11-18`);
    await settle(2);
    expect((await rowTexts()).map((t) => /(Success|Error) - Backup/.exec(t)?.[1])).toEqual(['Error', 'Success']);
    await page.goto(`/activity?status=overdue`);
    await settle(2);
  });

  it('exports the rows to CSV and Excel, and copies them tab-separated', async () => {
    await page.goto(`/activity?checkId=${checks['Acme: Documents']!.id}&day=2026-11-18`);
    await settle(2);
    const menu = page.locator('[data-table="activity"] details', { hasText: 'Export' });
    const openMenu = async () => {
      if ((await menu.getAttribute('open')) === null) await menu.locator('summary').click();
    };
    const exportAs = async (name: string) => {
      await openMenu();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
      return download;
    };

    const csvDownload = await exportAs('CSV');
    expect(csvDownload.suggestedFilename()).toBe('activity.csv');
    const csv = parseCsv(fs.readFileSync(await csvDownload.path(), 'utf8').replace(/^\ufeff/, ''));
    expect(csv[0]).toEqual(['Received', 'Check', 'Status', 'Subject', 'Why']);
    expect(csv.slice(1)).toEqual([
      ['2026-11-18 11:00:00', 'Acme: Documents', 'failure', 'Error - Backup of "Documents"', 'No status rule matched: the default applied'],
      ['2026-11-18 10:00:00', 'Acme: Documents', 'success', 'Success - Backup of "Documents"', 'success rules: Subject starts with "Success"'],
    ]);

    const xlsxDownload = await exportAs('Excel (.xlsx)');
    expect(xlsxDownload.suggestedFilename()).toBe('activity.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await xlsxDownload.path());
    const sheet = workbook.getWorksheet('activity')!;
    const values: unknown[][] = [];
    sheet.eachRow((r) => values.push((r.values as unknown[]).slice(1)));
    expect(values).toEqual(csv);

    await openMenu();
    await page.getByRole('button', { name: 'Copy to clipboard' }).click();
    await page.getByRole('status').filter({ hasText: '2 rows copied' }).waitFor();
    const copied = await page.evaluate<string>('navigator.clipboard.readText()');
    expect(copied.split('\n').map((l) => l.split('\t'))).toEqual(csv);
  });

  it('shows a message: details, the checks it belongs to and why, its parts and attachments', async () => {
    await page.goto(`/messages/${messages.fileserver}`);
    await page.getByRole('heading', { name: 'Nightly backup report: fileserver01' }).waitFor();
    const facts = await page.locator('.facts').textContent();
    expect(facts).toContain('From"Comet Backup" <noreply@cometbackup.example>');
    expect(facts).toContain('Envelope senderbackup@client.example');
    expect(facts).toContain(`Envelope recipients${checks.Fileserver!.address}`);
    expect(facts).toContain('Message-ID<2172542906650876565@cometbackup.example>');

    const belongs = page.locator('.belongs-to');
    expect(await belongs.getByRole('link', { name: 'Fileserver' }).getAttribute('href')).toBe(`/checks/${checks.Fileserver!.id}`);
    expect(await belongs.locator('.status').textContent()).toContain('Warning');
    expect(await belongs.textContent()).toContain("Sent to the check's address");
    expect(await belongs.textContent()).toContain('Body contains "COMPLETED WITH WARNINGS"');
    expect(await page.getByRole('link', { name: 'Create check from this message' }).getAttribute('href')).toBe(`/checks/new?fromMessage=${messages.fileserver}`);
    expect(await page.getByRole('link', { name: 'Raw' }).getAttribute('href')).toBe(`/api/v1/messages/${messages.fileserver}/raw`);

    // Text first (there is no HTML), then the headers and the attachments.
    expect(await page.getByRole('tab', { name: 'Text' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.getByRole('tab', { name: 'HTML' }).count()).toBe(0);
    expect(await page.getByRole('tabpanel').textContent()).toContain('The nightly job finished. The log is attached.');
    await page.getByRole('tab', { name: /Headers/ }).click();
    expect(await page.getByRole('tabpanel').textContent()).toContain('Message-ID: <2172542906650876565@cometbackup.example>');
    await page.getByRole('tab', { name: /Attachments \(2\)/ }).click();
    const attachments = page.locator('[data-table="attachments"] tbody tr');
    expect(await attachments.allTextContents()).toEqual([expect.stringMatching(/^backup-log\.txt.*\d+ BDownload$/), expect.stringMatching(/^report\.pdfapplication\/pdf.*Download$/)]);
    expect(await page.locator('.attachment-texts').textContent()).toContain('Result: COMPLETED WITH WARNINGS');
    const [download] = await Promise.all([page.waitForEvent('download'), attachments.first().getByRole('link', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).toBe('backup-log.txt');
    expect(fs.readFileSync(await download.path(), 'utf8')).toContain('3 files skipped (in use)');
  });

  it('renders planted HTML without running any of it', async () => {
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const images: string[] = [];
    await context.route('https://images.example.test/**', (route) => {
      images.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'image/png', body: PNG });
    });

    await page.goto(`/messages/${messages.planted}`);
    await page.getByRole('heading', { name: 'Planted report' }).waitFor();
    expect(await page.getByRole('tab', { name: 'HTML' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('.belongs-to').textContent()).toContain('belongs to no check');

    const iframe = page.locator('iframe.message-html');
    const sandbox = (await iframe.getAttribute('sandbox')) ?? 'none';
    expect(sandbox).not.toContain('allow-scripts');
    expect(sandbox).not.toContain('allow-same-origin');
    const srcdoc = (await iframe.getAttribute('srcdoc'))!;
    expect(srcdoc.startsWith(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">`)).toBe(true);
    expect(srcdoc).not.toMatch(/<script|onerror|javascript:|<iframe|<form/i);

    const frame = page.frameLocator('iframe.message-html');
    await frame.getByRole('heading', { name: 'Planted report' }).waitFor();
    // Inline styles still apply; links open in a new tab without a way back.
    expect(await style(frame.locator('.styled'), 'color')).toBe('rgb(200, 0, 0)');
    expect(await frame.locator('#details').getAttribute('target')).toBe('_blank');
    expect(await frame.locator('#details').getAttribute('rel')).toBe('noopener noreferrer');
    expect(await frame.locator('#js-link').getAttribute('href')).toBeNull();
    await frame.locator('#js-link').click();
    await frame.locator('#broken').waitFor({ state: 'attached' });
    await page.waitForTimeout(300);

    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.title()).toBe('Planted report · backwatch');
    expect(dialogs).toEqual([]);
    expect(await frame.locator('html').getAttribute('data-pwned')).toBeNull();
    expect(new URL(page.url()).pathname).toBe(`/messages/${messages.planted}`);

    // Remote images wait until asked for.
    expect(images).toEqual([]);
    expect(await naturalWidth(frame.locator('#logo'))).toBe(0);
    expect(await page.getByRole('note').filter({ hasText: '1 remote image is blocked' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Show remote images' }).click();
    expect(await iframe.getAttribute('srcdoc')).toContain("img-src data: https:;");
    await expect.poll(() => images).toEqual(['https://images.example.test/logo.png']);
    await expect.poll(() => naturalWidth(frame.locator('#logo'))).toBe(1);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  it('lets an administrator reparse a message against today’s checks', async () => {
    await createCheck('Planted', { matching: { useAddress: false, rules: [{ field: 'subject', operator: 'contains', value: 'Planted' }] }, status: { default: 'failure', success: { rules: [{ field: 'body', operator: 'contains', value: 'Status: Success' }] } } });
    await page.goto(`/messages/${messages.planted}`);
    await page.getByRole('heading', { name: 'Planted report' }).waitFor();
    expect(await page.locator('.belongs-to').textContent()).toContain('belongs to no check');
    await page.getByRole('button', { name: 'Reparse' }).click();
    await page.getByRole('status').filter({ hasText: 'Reparsed: the message belongs to 1 check.' }).waitFor();
    const belongs = page.locator('.belongs-to');
    expect(await belongs.getByRole('link', { name: 'Planted' }).count()).toBe(1);
    expect(await belongs.locator('.status').textContent()).toContain('Success');
    expect(await belongs.textContent()).toContain('Matching rules: Subject contains "Planted"');
    expect(await belongs.textContent()).toContain('Body contains "Status: Success"');
    await screenshot(page, 'message-viewer');
  });

  it('shows viewers everything but the actions that change something', async () => {
    expect((await svc.api('POST', '/users', { username: 'viewer', password: PASSWORD, role: 'viewer' })).status).toBe(201);
    const viewerContext = await consoleContext(browser, svc, { timezoneId: 'Europe/Berlin' });
    const viewer = await loggedIn(viewerContext, 'viewer', PASSWORD, `/messages/${messages.fileserver}`);
    await viewer.getByRole('heading', { name: 'Nightly backup report: fileserver01' }).waitFor();
    await viewer.locator('.belongs-to').getByRole('link', { name: 'Fileserver' }).waitFor();
    expect(await viewer.getByRole('button', { name: 'Reparse' }).count()).toBe(0);
    expect(await viewer.getByRole('link', { name: 'Create check from this message' }).count()).toBe(0);
    expect(await viewer.getByRole('link', { name: 'Raw' }).count()).toBe(1);
    await viewer.goto('/activity');
    await expect.poll(() => rowTexts(viewer).then((t) => t.filter((x) => !/Loading/.test(x)).length)).toBe(12);
    await viewerContext.close();
  });

  it('shows the newest 2,000 activities and says so when there are more', async () => {
    // One report to 100 checks makes 100 activities: 21 reports pass the cap.
    for (let i = 0; i < 100; i += 10) {
      await Promise.all(
        Array.from({ length: 10 }, (_, j) =>
          svc.api('POST', '/checks', { name: `Bulk ${String(i + j).padStart(3, '0')}`, group: 'Bulk', matching: { useAddress: false, rules: [{ field: 'subject', operator: 'contains', value: 'Bulk report' }] }, status: bySubject }),
        ),
      );
    }
    for (let i = 0; i < 21; i++) await send(`2026-11-20T12:01:${String(i).padStart(2, '0')}Z`, report(`Success - Bulk report ${i}`), INBOX);
    await page.goto('/activity');
    await page.getByRole('note').filter({ hasText: 'Showing the newest 2,000 activities that match.' }).waitFor();
    expect(await page.locator('[data-table="activity"] .table-pager').textContent()).toMatch(/2000 rows.*of 134/);
    expect((await rowTexts())[0]).toContain('Bulk report 20');
    // Narrower filters that fit under the cap say nothing.
    await filter('Subject').fill('Bulk report 20');
    await expect.poll(() => page.locator('[data-table="activity"] .table-pager').textContent()).toMatch(/100 rows.*of 7/);
    expect(await page.getByRole('note').filter({ hasText: 'Showing the newest' }).count()).toBe(0);
  });
});
