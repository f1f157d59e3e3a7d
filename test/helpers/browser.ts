import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { TestService } from './service.js';

const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = path.join(import.meta.dirname, '..', '..', 'test-output', 'screenshots');

/**
 * Browser tests drive Debian's Chromium (apt-get install chromium). Without it
 * they are skipped, unless BACKWATCH_REQUIRE_BROWSER is set (CI sets it), in
 * which case they fail.
 */
export const browserMissing = !fs.existsSync(CHROMIUM) && !process.env.BACKWATCH_REQUIRE_BROWSER;

/** The console is the built web/dist; the tests run against what users get. */
export const consoleBuilt = fs.existsSync(path.join(import.meta.dirname, '..', '..', 'web', 'dist', 'index.html'));

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/**
 * A browser context for the service, whose page URLs are paths ("/checks").
 * `host: 'localhost'` where security keys are used: WebAuthn refuses IP addresses.
 */
export async function consoleContext(browser: Browser, svc: TestService, options: { timezoneId?: string; host?: string } = {}): Promise<BrowserContext> {
  const origin = `http://${options.host ?? '127.0.0.1'}:${svc.httpPort}`;
  const context = await browser.newContext({
    baseURL: origin,
    viewport: { width: 1440, height: 900 },
    timezoneId: options.timezoneId ?? 'Europe/Berlin',
    acceptDownloads: true,
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  return context;
}

/** Logs in through the session API (the cookie lands in the context), then opens `path`. */
export async function loggedIn(context: BrowserContext, username: string, password: string, path = '/'): Promise<Page> {
  const res = await context.request.post('/api/v1/session', { data: { username, password } });
  if (!res.ok()) throw new Error(`login failed: ${res.status()} ${await res.text()}`);
  const page = await context.newPage();
  await page.goto(path);
  return page;
}

/** Saves a screenshot for review under test-output/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
