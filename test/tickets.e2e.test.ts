import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/shared/clock.js';
import { type FakeVendor, startFakeVendor } from './helpers/fake-vendor.js';
import { fixture, startTestService, type TestService } from './helpers/service.js';

const clock = fixedClock('2026-11-20T12:00:00Z');
let svc: TestService;
let github: FakeVendor;

interface Issue {
  number: number;
  title: string;
  body: string;
  labels: string[];
  state: 'open' | 'closed';
  comments: string[];
}
let issues: Map<number, Issue>;

/** GitHub's issues API, as much of it as the integration uses, refusing requests without the documented headers. */
async function startFakeGitHub() {
  const page = (n: number) => `https://github.com/acme/backups/issues/${n}`;
  const show = (i: Issue) => ({ number: i.number, title: i.title, state: i.state, html_url: page(i.number), labels: i.labels.map((name) => ({ name })) });
  const issue = (m: RegExpMatchArray) => issues.get(Number(m[1]));
  return startFakeVendor(
    [
      ['GET', /^\/repos\/acme\/backups$/, () => ({ status: 200, json: { full_name: 'acme/backups' } })],
      // The repositories the token reaches, which a channel's repository is checked against when it is saved.
      ['GET', /^\/user\/repos$/, () => ({ status: 200, json: ['acme/backups', 'acme/elsewhere'].map((full_name) => ({ full_name, has_issues: true })) })],
      [
        'POST',
        /^\/repos\/acme\/backups\/issues$/,
        (req) => {
          const created: Issue = { number: issues.size + 1, title: req.json.title, body: req.json.body, labels: req.json.labels ?? [], state: 'open', comments: [] };
          issues.set(created.number, created);
          return { status: 201, json: show(created) };
        },
      ],
      // Before re-sending a create whose first try failed, the adapter looks for its marker among the newest issues.
      ['GET', /^\/repos\/acme\/backups\/issues$/, () => ({ status: 200, json: [...issues.values()].reverse().map((i) => ({ ...show(i), body: i.body })) })],
      ['GET', /^\/repos\/acme\/backups\/issues\/(\d+)$/, (_, m) => (issue(m) ? { status: 200, json: show(issue(m)!) } : { status: 404, json: { message: 'Not Found' } })],
      ['POST', /^\/repos\/acme\/backups\/issues\/(\d+)\/comments$/, (req, m) => (issue(m)!.comments.push(req.json.body), { status: 201, json: { id: 1 } })],
      [
        'PATCH',
        /^\/repos\/acme\/backups\/issues\/(\d+)$/,
        (req, m) => {
          issue(m)!.state = req.json.state;
          return { status: 200, json: show(issue(m)!) };
        },
      ],
    ],
    (req) =>
      req.headers.authorization !== 'Bearer ghp_test'
        ? 'bad credentials'
        : req.headers['x-github-api-version'] !== '2022-11-28'
          ? 'missing X-GitHub-Api-Version'
          : !req.headers['user-agent']
            ? 'missing User-Agent'
            : null,
  );
}

beforeAll(async () => {
  svc = await startTestService({ clock, env: { BACKWATCH_ALLOW_PRIVATE_WEBHOOKS: 'true', BACKWATCH_PUBLIC_URL: 'https://backwatch.example.com' }, random: () => 0.5 });
});
afterAll(() => svc.destroy());
beforeEach(async () => {
  issues = new Map();
  github = await startFakeGitHub();
});
afterEach(() => github.close());

let n = 0;
async function setup(config: Record<string, unknown> = {}) {
  const channel = await svc.api('POST', '/channels', { type: 'github', name: `GitHub ${++n}`, config: { apiUrl: github.url, token: 'ghp_test', repository: 'acme/backups', ...config } });
  expect(channel.status, JSON.stringify(channel.body)).toBe(201);
  expect(channel.body.config.token).toBe('…');
  const check = (
    await svc.api('POST', '/checks', {
      name: `Ticketed ${n}`,
      group: 'Acme Corp',
      assetId: 'WS-0042',
      status: { success: { rules: [{ field: 'subject', operator: 'startsWith', value: 'Success' }] }, warning: { rules: [{ field: 'subject', operator: 'startsWith', value: 'Warning' }] } },
      notifications: { channelIds: [channel.body.id] },
    })
  ).body;
  return { channel: channel.body, check };
}

async function report(check: { address: string }, file: string) {
  expect((await svc.send(fixture(file), [check.address])).code).toBe(250);
  svc.deliveries.wake();
  await svc.deliveries.idle();
}

const tickets = async (checkId: number) => (await svc.api('GET', `/tickets?checkId=${checkId}`)).body.items;

describe('a ticket follows the incident', () => {
  it('opens on the failure, takes notes while it lasts, and closes on recovery', async () => {
    const { check } = await setup();
    await report(check, 'comet-error.eml');
    expect([...issues.values()]).toMatchObject([{ number: 1, state: 'open', labels: ['backwatch', 'priority: high'] }]);
    expect(issues.get(1)!.title).toBe(`Failure: ${check.name} (Acme Corp)`);
    expect(issues.get(1)!.body).toContain('Asset: WS-0042');
    expect(await tickets(check.id)).toMatchObject([{ externalId: '1', state: 'open', url: 'https://github.com/acme/backups/issues/1', notes: 0 }]);

    await report(check, 'comet-error.eml');
    await report(check, 'comet-warning.eml');
    expect(issues.size).toBe(1);
    expect(issues.get(1)!.comments).toHaveLength(2);
    expect((await tickets(check.id))[0].notes).toBe(2);

    await report(check, 'comet-success.eml');
    expect(issues.get(1)!.state).toBe('closed');
    expect(issues.get(1)!.comments.at(-1)).toContain('is Success again');
    expect(await tickets(check.id)).toMatchObject([{ state: 'closed', closedBy: 'backwatch' }]);

    await report(check, 'comet-error.eml');
    expect(issues.size).toBe(2);
    expect(github.refused).toEqual([]);
  });

  it('opens a new ticket when a person closed the open one', async () => {
    const { check } = await setup();
    await report(check, 'comet-error.eml');
    issues.get(1)!.state = 'closed';
    await report(check, 'comet-error.eml');
    expect(issues.get(1)!.comments).toEqual([]);
    expect(issues.size).toBe(2);
    expect(await tickets(check.id)).toMatchObject([
      { externalId: '2', state: 'open' },
      { externalId: '1', state: 'closed', closedBy: 'vendor' },
    ]);
  });

  it('waits out a vendor outage, then opens exactly one ticket and keeps the order', async () => {
    const { check } = await setup();
    github.down = { status: 503, text: 'unavailable' };
    await report(check, 'comet-error.eml');
    await report(check, 'comet-error.eml');
    expect(issues.size).toBe(0);
    const deliveries = (await svc.api('GET', `/deliveries?checkId=${check.id}`)).body.items;
    expect(deliveries.map((d: { state: string }) => d.state)).toEqual(['pending', 'pending']);

    github.down = null;
    for (let i = 0; i < 5; i++) {
      clock.advance(10 * 60_000);
      svc.deliveries.wake();
      await svc.deliveries.idle();
    }
    expect(issues.size).toBe(1);
    expect(issues.get(1)!.comments).toHaveLength(1);
    expect((await svc.api('GET', `/deliveries?checkId=${check.id}`)).body.items.map((d: { state: string }) => d.state)).toEqual(['delivered', 'delivered']);
  });

  it('closes the ticket on recovery even when recoveries are not notified, or only notes it when told to leave tickets open', async () => {
    const quiet = await setup();
    await svc.api('PATCH', `/checks/${quiet.check.id}`, { notifications: { notifyOnRestore: false } });
    await report(quiet.check, 'comet-error.eml');
    await report(quiet.check, 'comet-success.eml');
    expect(issues.get(1)!.state).toBe('closed');

    const open = await setup({ closeOnRecovery: false });
    await report(open.check, 'comet-error.eml');
    await report(open.check, 'comet-success.eml');
    expect(issues.get(2)!).toMatchObject({ state: 'open', comments: [expect.stringContaining('is Success again')] });
    expect(await tickets(open.check.id)).toMatchObject([{ state: 'closed', closedBy: 'left-open' }]);
  });

  it('only notes a warning when warnings do not open tickets', async () => {
    const { check } = await setup({ warnings: 'note' });
    await report(check, 'comet-warning.eml');
    expect(issues.size).toBe(0);
    await report(check, 'comet-error.eml');
    await report(check, 'comet-warning.eml');
    expect(issues.get(1)!.comments).toHaveLength(1);
  });

  it('files tickets where the group says', async () => {
    const { check } = await setup({ repository: 'acme/elsewhere' });
    const [group] = (await svc.api('GET', '/groups')).body.items.filter((g: { name: string }) => g.name === 'Acme Corp');
    await svc.api('PATCH', `/groups/${group.id}`, { ticketFields: { repository: 'acme/backups' } });
    expect((await svc.api('GET', `/checks/${check.id}`)).body.ticketFields).toEqual({});
    await report(check, 'comet-error.eml');
    expect(issues.size).toBe(1);
    await svc.api('PATCH', `/groups/${group.id}`, { ticketFields: {} });
  });

  it('tests the settings without opening a ticket', async () => {
    const { channel } = await setup();
    expect((await svc.api('POST', `/channels/${channel.id}/test`)).body).toMatchObject({ ok: true, status: 200 });
    expect(issues.size).toBe(0);
    const wrong = await svc.api('POST', '/channels', { type: 'github', name: 'wrong token', config: { apiUrl: github.url, token: 'nope', repository: 'acme/backups' } });
    expect((await svc.api('POST', `/channels/${wrong.body.id}/test`)).body).toMatchObject({ ok: false, status: 400 });
  });
});
