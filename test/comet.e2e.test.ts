import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CometStatus } from '../src/modules/formats/comet/comet.models.js';
import { fixedClock } from '../src/shared/clock.js';
import { type CometReportJob, cometReportEmail } from './helpers/comet-report.js';
import { fixture, startTestService, type TestService } from './helpers/service.js';

type Item = Pick<CometReportJob, 'username' | 'device' | 'protectedItem' | 'clientVersion'> & { status: CometStatus };

// Three users, two device names, four protected items, all reporting to the bare inbox with no check defined.
const ITEMS: Item[] = [
  { username: 'alice', device: 'OFFICE-PC', protectedItem: 'Documents', status: 'Success', clientVersion: '24.3.0' },
  { username: 'alice', device: 'OFFICE-PC', protectedItem: 'Mail', status: 'Warning', clientVersion: '24.3.0' },
  { username: 'bob', device: 'FILESERVER', protectedItem: 'Shares', status: 'Error', clientVersion: '23.6.1' },
  { username: 'carol', device: 'OFFICE-PC', protectedItem: 'Documents', status: 'Success', clientVersion: '24.3.0' },
];

const clock = fixedClock('2026-11-16T20:00:00Z');
let svc: TestService;

const day = (n: number, hh: number, mm: number) => new Date(Date.UTC(2026, 10, 16 + n, hh, mm));

/** A nightly run around 21:00 Berlin (20:00 UTC): each item starts a few minutes apart and reports when done. */
async function night(n: number, over: Partial<CometReportJob> = {}, only?: Item[]) {
  for (const [i, item] of (only ?? ITEMS).entries()) {
    const started = day(n, 20, (n * 3 + i * 2) % 15);
    const finished = new Date(started.getTime() + 4 * 60_000);
    clock.set(finished);
    const raw = cometReportEmail({ ...item, started, stopped: finished, zone: 'CET', totalSize: '52.1 GB', files: 12_000, uploaded: '1.2 GB', ...over });
    expect((await svc.send(raw)).code).toBe(250);
  }
}

const checks = async () => (await svc.api('GET', '/checks?limit=500')).body.items as any[];
const byName = async (name: string) => (await checks()).find((c) => c.name === name);

describe('Comet auto-discovery end to end', () => {
  beforeAll(async () => {
    svc = await startTestService({ clock });
    expect((await svc.api('PATCH', '/settings', { timezone: 'Europe/Berlin' })).status).toBe(200);
  });
  afterAll(() => svc?.destroy());

  it('creates a check per protected item from the first reports, named, grouped and with the status Comet gave', async () => {
    expect(await checks()).toEqual([]);
    await night(0);
    const all = await checks();
    expect(all.map((c) => [c.group, c.name, c.status])).toEqual([
      ['alice', 'alice: Documents', 'success'],
      ['alice', 'alice: Mail', 'warning'],
      ['bob', 'bob: Shares', 'failure'],
      ['carol', 'carol: Documents', 'success'],
    ]);
    const docs = all[0];
    expect(docs).toMatchObject({
      origin: 'comet',
      labels: ['Comet'],
      schedule: { type: 'unscheduled' },
      scheduleSetBy: 'default',
      scheduleSuggestion: null,
      statusRules: { default: 'failure', comet: true },
      comet: { username: 'alice', device: 'OFFICE-PC', protectedItem: 'Documents', vault: 'Offsite Comet Server', clientVersion: '24.3.0', outdated: false },
    });
    expect(docs.description).toContain('Device: OFFICE-PC');
    expect(docs.matching.rules.map((r: any) => `${r.field} ${r.operator} ${r.value}`)).toEqual([
      'comet.username equals alice',
      'comet.device equals OFFICE-PC',
      'comet.protectedItem equals Documents',
      'comet.type equals Backup',
    ]);
    expect(all.find((c) => c.name === 'bob: Shares').comet).toMatchObject({ clientVersion: '23.6.1', newestClientVersion: '24.3.0', outdated: true });

    // The report that made the check is its first activity, claimed by its protected item.
    const activities = (await svc.api('GET', `/activities?checkId=${docs.id}`)).body.items;
    expect(activities).toMatchObject([{ status: 'success', matchedBy: 'comet', statusSource: 'comet', jobId: expect.any(Number), messageId: expect.any(Number) }]);
    const unmatched = (await svc.api('GET', '/messages?matched=false')).body.items;
    expect(unmatched).toEqual([]);
  });

  it('keeps the structured jobs, searchable by username, device, item, vault and status', async () => {
    const jobs = (await svc.api('GET', '/jobs')).body.items;
    expect(jobs).toHaveLength(4);
    const shares = (await svc.api('GET', '/jobs?username=bob')).body.items;
    expect(shares).toMatchObject([
      {
        source: 'email',
        username: 'bob',
        type: 'Backup',
        cometStatus: 'Error',
        device: 'FILESERVER',
        protectedItem: 'Shares',
        vault: 'Offsite Comet Server',
        clientVersion: '23.6.1',
        totalSize: Math.round(52.1 * 1024 ** 3),
        uploaded: Math.round(1.2 * 1024 ** 3),
        files: 12_000,
        durationSeconds: 240,
        problems: [],
      },
    ]);
    expect((await svc.api('GET', '/jobs?device=OFFICE-PC&protectedItem=Documents')).body.items.map((j: any) => j.username).sort()).toEqual(['alice', 'carol']);
    expect((await svc.api('GET', '/jobs?status=Warning')).body.items.map((j: any) => j.protectedItem)).toEqual(['Mail']);
    expect((await svc.api('GET', '/jobs?vault=Elsewhere')).body.items).toEqual([]);
    const one = (await svc.api('GET', `/jobs/${shares[0].id}`)).body;
    expect(one.log.map((l: any) => l.text)).toEqual(['Starting backup...', 'Job completed.']);
    expect(one.checkIds).toEqual([(await byName('bob: Shares')).id]);
  });

  it('sends each later report to its check, not a new one, and suggests a schedule after three', async () => {
    await night(1);
    expect(await checks()).toHaveLength(4);
    expect((await byName('alice: Documents')).scheduleSuggestion).toBeNull();
    await night(2);
    const docs = await byName('alice: Documents');
    expect(docs.schedule).toEqual({ type: 'unscheduled' });
    expect(docs.scheduleSuggestion).toMatchObject({
      basedOn: 3,
      schedule: { type: 'interval', every: 1, unit: 'days', timezone: 'Europe/Berlin', window: { start: expect.stringMatching(/^20:/), end: expect.stringMatching(/^22:/) } },
    });
    expect(docs.scheduleSuggestion.reason).toMatch(/^3 reports, about every 1 day/);
    expect((await svc.api('GET', `/activities?checkId=${docs.id}`)).body.items).toHaveLength(3);
  });

  it('applies the schedule after five reports, and the check then goes overdue when a night is missed', async () => {
    await night(3);
    expect((await byName('alice: Documents')).scheduleSetBy).toBe('default');
    await night(4);
    const docs = await byName('alice: Documents');
    expect(docs).toMatchObject({ scheduleSetBy: 'suggestion', schedule: { type: 'interval', every: 1, unit: 'days' } });
    expect(docs.nextDueAt).not.toBeNull();

    // Night 5 comes for everyone but alice's Documents.
    await night(5, {}, ITEMS.filter((i) => !(i.username === 'alice' && i.protectedItem === 'Documents')));
    // Those came within a second of their schedules being applied: they re-arm them, not undo them.
    for (const name of ['alice: Mail', 'bob: Shares', 'carol: Documents']) {
      const c = await byName(name);
      expect(c.scheduleSetBy).toBe('suggestion');
      expect(Date.parse(c.nextDueAt)).toBeGreaterThan(day(5, 20, 0).getTime());
    }
    clock.set(day(6, 1, 0));
    await svc.scheduler.tick();
    expect((await byName('alice: Documents')).status).toBe('overdue');
    expect((await byName('carol: Documents')).status).toBe('success');
  });

  it('lets a rule on the parsed fields claim reports, so discovery makes no check for them', async () => {
    const mine = (await svc.api('POST', '/checks', {
      name: 'Dave, all items',
      matching: { rules: [{ field: 'comet.username', operator: 'equals', value: 'dave' }] },
      status: { comet: true },
    })).body;
    await night(6, {}, [{ username: 'dave', device: 'NAS', protectedItem: 'Photos', status: 'Success', clientVersion: '24.3.0' }]);
    await night(6, { status: 'Quota Exceeded' }, [{ username: 'dave', device: 'NAS', protectedItem: 'Music', status: 'Quota Exceeded', clientVersion: '24.3.0' }]);
    expect((await checks()).filter((c) => c.name.startsWith('dave'))).toEqual([]);
    const got = await svc.api('GET', `/checks/${mine.id}`);
    expect(got.body.status).toBe('failure');
    const activities = (await svc.api('GET', `/activities?checkId=${mine.id}`)).body.items;
    expect(activities.map((a: any) => [a.matchedBy, a.statusSource, a.status])).toEqual([
      ['criteria', 'comet', 'failure'],
      ['criteria', 'comet', 'success'],
    ]);
    expect(activities[0].reasons).toEqual(['Comet reported Quota Exceeded']);
  });

  it('leaves a deleted discovered check deleted, until the admin lets its item be discovered again', async () => {
    const carol = await byName('carol: Documents');
    expect((await svc.api('DELETE', `/checks/${carol.id}`)).status).toBe(204);
    const tombstones = (await svc.api('GET', '/comet/tombstones')).body.items;
    expect(tombstones).toMatchObject([{ username: 'carol', device: 'OFFICE-PC', protectedItem: 'Documents' }]);

    // Her earlier reports are unmatched now, as any deleted check's are; the next one stays so too.
    const unmatched = async () => (await svc.api('GET', '/messages?matched=false&limit=500')).body.items;
    const before = (await unmatched()).length;
    await night(7, {}, [ITEMS[3]!]);
    expect(await byName('carol: Documents')).toBeUndefined();
    expect(await unmatched()).toHaveLength(before + 1);

    expect((await svc.api('DELETE', `/comet/tombstones/${tombstones[0].id}`)).status).toBe(204);
    await night(8, {}, [ITEMS[3]!]);
    expect(await byName('carol: Documents')).toMatchObject({ origin: 'comet', status: 'success' });
  });

  it('merges a discovered check into another: its history moves and its next reports follow', async () => {
    const mail = await byName('alice: Mail');
    const docs = await byName('alice: Documents');
    const reports = (items: any[]) => items.filter((a) => a.subject.includes('"Mail"'));
    const before = reports((await svc.api('GET', `/activities?checkId=${mail.id}&limit=500`)).body.items).length;
    const merged = await svc.api('POST', `/checks/${docs.id}/merge`, { checkIds: [mail.id] });
    expect(merged.status).toBe(200);
    expect((await svc.api('GET', `/checks/${mail.id}`)).status).toBe(404);
    await night(9, {}, [ITEMS[1]!]);
    expect(await byName('alice: Mail')).toBeUndefined();
    const docsActivities = (await svc.api('GET', `/activities?checkId=${docs.id}&limit=500`)).body.items;
    expect(reports(docsActivities)).toHaveLength(before + 1);
    expect(docsActivities[0]).toMatchObject({ matchedBy: 'comet', status: 'warning' });
    expect((await svc.api('POST', `/checks/${docs.id}/merge`, { checkIds: [docs.id] })).status).toBe(400);
  });

  it('never takes a report cut short for a success: it keeps what was read and says what was not', async () => {
    clock.set('2026-12-10T12:00:00Z');
    expect((await svc.send(fixture('comet/truncated.eml'))).code).toBe(250);
    const check = await byName('user01: Documents');
    expect(check).toMatchObject({ origin: 'comet', status: 'warning' });
    const [activity] = (await svc.api('GET', `/activities?checkId=${check.id}`)).body.items;
    expect(activity.statusSource).toBe('comet');
    expect(activity.reasons).toEqual([
      'The Comet report could not be fully read: Total Files: missing; Total Size: missing; Uploaded: missing; Downloaded: missing',
    ]);
    const [job] = (await svc.api('GET', '/jobs?username=user01')).body.items;
    expect(job).toMatchObject({ device: 'DESKTOP-9J8JGB3', directories: 2, files: null, totalSize: null, problems: ['Total Files: missing', 'Total Size: missing', 'Uploaded: missing', 'Downloaded: missing'] });
  });

  it('limits discovery to the usernames and senders the settings name, and can be turned off', async () => {
    await svc.api('PATCH', '/settings/comet', { autoDiscovery: { usernames: ['acme-*'] } });
    await night(10, {}, [{ username: 'eve', device: 'PC', protectedItem: 'Desktop', status: 'Success', clientVersion: '24.3.0' }]);
    await night(10, {}, [{ username: 'acme-frank', device: 'PC', protectedItem: 'Desktop', status: 'Success', clientVersion: '24.3.0' }]);
    expect(await byName('eve: Desktop')).toBeUndefined();
    expect(await byName('acme-frank: Desktop')).toMatchObject({ group: 'acme-frank' });

    await svc.api('PATCH', '/settings/comet', { autoDiscovery: { usernames: [], senders: ['*@comet.acme.example'] }, groups: [{ username: 'acme-*', group: 'Acme Corp' }] });
    await night(11, {}, [{ username: 'acme-gina', device: 'PC', protectedItem: 'Desktop', status: 'Success', clientVersion: '24.3.0' }]);
    expect(await byName('acme-gina: Desktop')).toBeUndefined();
    const from = cometReportEmail({ username: 'acme-gina', device: 'PC', protectedItem: 'Desktop', started: day(11, 20, 30), zone: 'CET' }).replace('noreply@cometbackup.example', 'backup@comet.acme.example');
    expect((await svc.send(from, undefined, 'backup@comet.acme.example')).code).toBe(250);
    expect(await byName('acme-gina: Desktop')).toMatchObject({ group: 'Acme Corp' });

    await svc.api('PATCH', '/settings/comet', { autoDiscovery: { enabled: false, senders: [] } });
    await night(12, {}, [{ username: 'henry', device: 'PC', protectedItem: 'Desktop', status: 'Success', clientVersion: '24.3.0' }]);
    expect(await byName('henry: Desktop')).toBeUndefined();
    await svc.api('PATCH', '/settings/comet', { autoDiscovery: { enabled: true } });
  });
});
