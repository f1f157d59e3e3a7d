import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/shared/clock.js';
import { type FakeGitLab, GITLAB_TOKEN, startFakeGitLab } from './helpers/fake-gitlab.js';
import { fixture, startTestService, type TestService } from './helpers/service.js';

const clock = fixedClock('2026-11-20T12:00:00Z');
let svc: TestService;
let gitlab: FakeGitLab;

beforeAll(async () => {
  svc = await startTestService({ clock, env: { BACKWATCH_ALLOW_PRIVATE_WEBHOOKS: 'true', BACKWATCH_PUBLIC_URL: 'https://backwatch.example.com' }, random: () => 0.5 });
});
afterAll(() => svc.destroy());
beforeEach(async () => {
  gitlab = await startFakeGitLab();
});
afterEach(() => gitlab.vendor.close());

let n = 0;
const gitlabChannel = (config: Record<string, unknown> = {}) =>
  svc.api('POST', '/channels', { type: 'gitlab', name: `GitLab ${++n}`, config: { url: gitlab.vendor.url, token: GITLAB_TOKEN, project: 'acme/backups', ...config } });

async function deliverAll() {
  svc.deliveries.wake();
  await svc.deliveries.idle();
}

describe("a ticketing system's lists", () => {
  it('offers the vendor lists by kind, searched and paged as the vendor pages', async () => {
    const channel = (await gitlabChannel()).body;
    expect((await svc.api('GET', `/channels/${channel.id}/lookups`)).body).toEqual({
      lookups: [{ kind: 'projects', noun: 'project', config: ['project'], fields: ['project'], parent: null }],
    });
    const first = await svc.api('GET', `/channels/${channel.id}/lookups/projects`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ kind: 'projects', noun: 'project', nextPage: '2' });
    expect(first.body.items).toHaveLength(50);
    expect(first.body.items[0]).toEqual({ id: 'acme/backups', name: 'Acme / Backups' });
    const second = (await svc.api('GET', `/channels/${channel.id}/lookups/projects?page=${first.body.nextPage}`)).body;
    expect(second).toMatchObject({ nextPage: null });
    expect(second.items).toHaveLength(10);
    const searched = (await svc.api('GET', `/channels/${channel.id}/lookups/projects?search=client-4`)).body;
    expect(searched.items.map((p: { id: string }) => p.id)).toEqual(['clients/client-4', ...Array.from({ length: 10 }, (_, i) => `clients/client-4${i}`)]);
    expect(gitlab.vendor.refused).toEqual([]);
  });

  it('says which list does not exist, and what the vendor answered when it fails', async () => {
    const channel = (await gitlabChannel()).body;
    const unknown = await svc.api('GET', `/channels/${channel.id}/lookups/boards`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('it offers: projects');
    expect((await svc.api('GET', '/channels/999999/lookups/projects')).status).toBe(404);
    gitlab.vendor.down = { status: 503, text: 'maintenance' };
    const down = await svc.api('GET', `/channels/${channel.id}/lookups/projects`);
    expect(down.status).toBe(502);
    expect(down.body.error).toMatchObject({ code: 'vendor_unavailable', message: expect.stringContaining('HTTP 503') });
    gitlab.vendor.down = { status: 401, json: { message: '401 Unauthorized' } };
    expect((await svc.api('GET', `/channels/${channel.id}/lookups/projects`)).body.error.code).toBe('vendor_refused');
    const webhook = (await svc.api('POST', '/channels', { type: 'webhook', name: `hook ${n}`, config: { url: 'https://hooks.example.com/x' } })).body;
    expect((await svc.api('GET', `/channels/${webhook.id}/lookups`)).body).toEqual({ lookups: [] });
    const cw = (await svc.api('POST', '/channels', { type: 'connectwise', name: `CW ${n}`, config: { url: 'http://127.0.0.1:9', loginCompany: 'acme', publicKey: 'p', privateKey: 'q', clientId: 'c' } })).body;
    const orphan = await svc.api('GET', `/channels/${cw.id}/lookups/statuses`);
    expect(orphan.status).toBe(400);
    expect(orphan.body.error.issues).toEqual([{ path: 'query.parent', message: 'the status list depends on boardId: give its value as parent' }]);
    const bad = await svc.api('GET', `/channels/${channel.id}/lookups/projects?search=`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^query\.search/);
  });

  it("refuses to save a setting the tenant does not have, naming it, and saves when the vendor cannot be asked", async () => {
    const wrong = await gitlabChannel({ project: 'acme/nothing-here' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.issues).toEqual([{ path: 'config.project', message: 'no project "acme/nothing-here"' }]);
    const channel = (await gitlabChannel()).body;
    const patched = await svc.api('PATCH', `/channels/${channel.id}`, { config: { project: 'clients/none' } });
    expect(patched.status).toBe(400);
    expect(patched.body.error.message).toBe('config.project: no project "clients/none"');
    expect((await svc.api('PATCH', `/channels/${channel.id}`, { config: { project: 'clients/client-7' } })).status).toBe(200);
    gitlab.vendor.down = { status: 503 };
    expect((await gitlabChannel({ project: 'acme/not-checked' })).status).toBe(201);
  });
});

describe('a create whose answer was lost', () => {
  it('is found by its marker on the retry: one issue, whose notes and close follow the incident', async () => {
    const channel = (await gitlabChannel()).body;
    const check = (
      await svc.api('POST', '/checks', {
        name: 'Lost answer',
        status: { success: { rules: [{ field: 'subject', operator: 'startsWith', value: 'Success' }] } },
        notifications: { channelIds: [channel.id] },
      })
    ).body;
    const creates = () => gitlab.vendor.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issues'));
    gitlab.vendor.dropAnswer = (r) => r.method === 'POST' && r.path.endsWith('/issues');
    expect((await svc.send(fixture('comet-error.eml'), [check.address])).code).toBe(250);
    await deliverAll();
    expect(gitlab.issues).toHaveLength(1);
    const [pending] = (await svc.api('GET', `/deliveries?checkId=${check.id}`)).body.items;
    expect(pending, JSON.stringify(pending)).toMatchObject({ state: 'pending', attemptCount: 1, lastError: 'other side closed' });
    expect((await svc.api('GET', `/tickets?checkId=${check.id}`)).body.items).toEqual([]);

    clock.advance(10 * 60_000);
    await deliverAll();
    expect(creates()).toHaveLength(1);
    expect(gitlab.issues).toHaveLength(1);
    expect(gitlab.issues[0]!.description).toMatch(/<!-- backwatch-incident-\d+-\d+ -->$/);
    expect((await svc.api('GET', `/tickets?checkId=${check.id}`)).body.items).toMatchObject([{ externalId: String(gitlab.issues[0]!.iid), state: 'open' }]);

    for (const file of ['comet-error.eml', 'comet-success.eml']) {
      expect((await svc.send(fixture(file), [check.address])).code).toBe(250);
      await deliverAll();
    }
    expect(creates()).toHaveLength(1);
    expect(gitlab.issues[0]).toMatchObject({ state: 'closed', notes: [{}, {}] });
    expect((await svc.api('GET', `/tickets?checkId=${check.id}`)).body.items).toMatchObject([{ state: 'closed', closedBy: 'backwatch', notes: 1 }]);
    expect(gitlab.vendor.refused).toEqual([]);
  });

  it('is found when the node sending it died mid-request (its lease ran out), with no attempt recorded', async () => {
    const channel = (await gitlabChannel()).body;
    const check = (await svc.api('POST', '/checks', { name: 'Node died', notifications: { channelIds: [channel.id] } })).body;
    await svc.deliveries.stop();
    try {
      expect((await svc.send(fixture('comet-error.eml'), [check.address])).code).toBe(250);
      const [queued] = (await svc.api('GET', `/deliveries?checkId=${check.id}`)).body.items;
      // What a node leaves behind when it dies after its create reached GitLab: the delivery claimed, and the issue made.
      const past = new Date(clock.now().getTime() - 1_000).toISOString();
      await svc.db.updateTable('deliveries').set({ state: 'sending', lease_until: past }).where('id', '=', queued.id).execute();
      gitlab.issues.push({ project: 'acme/backups', iid: 90, title: 'Failure: Node died', description: `report\n\n<!-- backwatch-incident-${queued.eventId}-${channel.id} -->`, labels: 'backwatch', state: 'opened', notes: [] });
    } finally {
      svc.deliveries.start();
    }
    await deliverAll();
    expect(gitlab.vendor.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issues'))).toEqual([]);
    expect(gitlab.issues).toHaveLength(1);
    expect((await svc.api('GET', `/tickets?checkId=${check.id}`)).body.items).toMatchObject([{ externalId: '90', state: 'open' }]);
    expect((await svc.api('GET', `/deliveries?checkId=${check.id}`)).body.items).toMatchObject([{ state: 'delivered', attemptCount: 1 }]);
  });

  it('opens the ticket all the same when the vendor refuses the search for good, and retries when it is only down', async () => {
    const channel = (await gitlabChannel()).body;
    const check = (await svc.api('POST', '/checks', { name: 'Search refused', notifications: { channelIds: [channel.id] } })).body;
    const searches = () => gitlab.vendor.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/issues'));
    gitlab.vendor.down = { status: 503, text: 'maintenance' };
    expect((await svc.send(fixture('comet-error.eml'), [check.address])).code).toBe(250);
    await deliverAll();
    gitlab.vendor.down = null;
    gitlab.vendor.override = (r) => (r.method === 'GET' && r.path.endsWith('/issues') ? { status: 503, json: { message: 'search unavailable' } } : undefined);
    clock.advance(10 * 60_000);
    await deliverAll();
    expect(searches()).toHaveLength(1);
    expect(gitlab.issues).toEqual([]);
    gitlab.vendor.override = (r) => (r.method === 'GET' && r.path.endsWith('/issues') ? { status: 403, json: { message: '403 Forbidden' } } : undefined);
    clock.advance(60 * 60_000);
    await deliverAll();
    expect(searches()).toHaveLength(2);
    expect(gitlab.issues).toHaveLength(1);
    expect((await svc.api('GET', `/tickets?checkId=${check.id}`)).body.items).toMatchObject([{ externalId: String(gitlab.issues[0]!.iid), state: 'open' }]);
  });

  it('opens the ticket on the retry when the lost request never reached the vendor', async () => {
    const channel = (await gitlabChannel()).body;
    const check = (await svc.api('POST', '/checks', { name: 'Never reached', notifications: { channelIds: [channel.id] } })).body;
    gitlab.vendor.down = { status: 502, text: 'bad gateway' };
    expect((await svc.send(fixture('comet-error.eml'), [check.address])).code).toBe(250);
    await deliverAll();
    gitlab.vendor.down = null;
    clock.advance(10 * 60_000);
    await deliverAll();
    expect(gitlab.issues).toHaveLength(1);
    const searches = gitlab.vendor.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/issues'));
    expect(searches).toHaveLength(1);
    expect((await svc.api('GET', `/tickets?checkId=${check.id}`)).body.items).toMatchObject([{ externalId: String(gitlab.issues[0]!.iid), state: 'open' }]);
  });
});
