import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/shared/clock.js';
import { cometReportEmail } from './helpers/comet-report.js';
import { startTestService, type TestService } from './helpers/service.js';

const clock = fixedClock('2026-11-20T12:00:00Z');
let svc: TestService;
let secret = '';

interface EventJob {
  guid: string;
  username: string;
  deviceId: string;
  sourceGuid: string;
  vaultGuid?: string;
  status?: number;
  started: Date;
  seconds?: number;
  files?: number;
  directories?: number;
  size?: number;
  uploaded?: number;
}

/** A job-completed event as Comet Server posts it (a StreamableEvent around a BackupJobDetail). */
const completed = (j: EventJob) => ({
  OwnerOrganizationID: 'tenant-7',
  Type: 4201,
  TypeString: 'SEVT_JOB_COMPLETED',
  Actor: 'system',
  ResourceID: j.guid,
  Timestamp: Math.floor(j.started.getTime() / 1000) + (j.seconds ?? 95),
  Data: {
    GUID: j.guid,
    Username: j.username,
    Classification: 4001,
    Status: j.status ?? 5000,
    StartTime: Math.floor(j.started.getTime() / 1000),
    EndTime: Math.floor(j.started.getTime() / 1000) + (j.seconds ?? 95),
    SourceGUID: j.sourceGuid,
    DestinationGUID: j.vaultGuid ?? 'vault-guid-1',
    DeviceID: j.deviceId,
    SnapshotID: 'f3bf170c',
    ClientVersion: '24.3.0',
    TotalDirectories: j.directories ?? 2,
    TotalFiles: j.files ?? 7,
    TotalSize: j.size ?? 172_674,
    TotalChunks: 3,
    UploadSize: j.uploaded ?? 2050,
    DownloadSize: 7760,
  },
});

async function post(body: unknown, auth: { query?: string; header?: Record<string, string> } = { query: secret }) {
  const url = `http://127.0.0.1:${svc.httpPort}/api/v1/ingest/comet${auth.query === undefined ? '' : `?secret=${encodeURIComponent(auth.query)}`}`;
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...auth.header }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

const jobsOf = async (username: string) => (await svc.api('GET', `/jobs?username=${encodeURIComponent(username)}`)).body.items as any[];
const checkNamed = async (name: string) => ((await svc.api('GET', '/checks?limit=500')).body.items as any[]).find((c) => c.name === name);

describe('Comet webhook events', () => {
  beforeAll(async () => {
    svc = await startTestService({ clock });
  });
  afterAll(() => svc?.destroy());

  it('are refused until a secret is made, and then only with it', async () => {
    const event = completed({ guid: 'g-0', username: 'nobody', deviceId: 'd', sourceGuid: 's', started: clock.now() });
    expect((await post(event, {})).status).toBe(401);
    const made = await svc.api('POST', '/settings/comet/webhook-secret');
    expect(made.status).toBe(201);
    secret = made.body.secret;
    expect(made.body.url).toBe(`http://127.0.0.1:${svc.httpPort}/api/v1/ingest/comet?secret=${secret}`);
    expect((await svc.api('GET', '/settings/comet')).body.webhook).toMatchObject({ configured: true, hint: secret.slice(0, 8) });
    expect((await post(event, { query: 'wrong' })).status).toBe(401);
    expect((await post(event, {})).body.error.code).toBe('unauthorized');
    expect((await post(event, { header: { 'X-Backwatch-Secret': secret } })).status).toBe(200);
    expect((await post(event, { header: { Authorization: `Bearer ${secret}` } })).status).toBe(200);
  });

  it('acknowledge other events without recording them, and refuse what is not an event', async () => {
    expect((await post({ OwnerOrganizationID: '', Type: 4200, Data: {} })).body).toMatchObject({ accepted: false, ignored: expect.stringContaining('4200') });
    const bad = await post({ Type: 4201, Data: 'not a job' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('comet.invalid_event');
    expect((await post('{"Type": 42')).status).toBe(400);
  });

  it('make a job and a check from an event alone, and an email of the same job makes them one, by its names', async () => {
    const started = new Date('2026-11-20T21:00:17Z');
    clock.set('2026-11-20T21:02:00Z');
    const first = await post(completed({ guid: 'job-1', username: 'ursula', deviceId: 'dev-42', sourceGuid: 'src-7', started }));
    expect(first.body).toMatchObject({ accepted: true, duplicate: false, activities: [{ status: 'success' }] });
    const placeholder = await checkNamed('ursula: src-7');
    expect(placeholder).toMatchObject({ origin: 'comet', status: 'success', group: 'ursula' });
    expect(placeholder.description).toContain('identifiers in Comet webhook events');
    expect(await jobsOf('ursula')).toMatchObject([{ source: 'webhook', device: 'dev-42', protectedItem: 'src-7', namesKnown: false, totalSize: 172_674 }]);

    // Comet's email of the same job arrives a minute later: it names the device and item.
    clock.set('2026-11-20T21:03:00Z');
    const email = cometReportEmail({ username: 'ursula', device: 'DESKTOP-9J8JGB3', protectedItem: 'Documents', vault: 'Offsite', started, stopped: new Date('2026-11-20T21:01:52Z'), zone: 'CET', clientVersion: '24.3.0' });
    expect((await svc.send(email)).code).toBe(250);

    const jobs = await jobsOf('ursula');
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      source: 'email+webhook',
      device: 'DESKTOP-9J8JGB3',
      protectedItem: 'Documents',
      vault: 'Offsite',
      namesKnown: true,
      // The event's exact figures, not the email's rounded "168.627 KB".
      totalSize: 172_674,
      startedAt: '2026-11-20T21:00:17.000Z',
      ids: { jobGuid: 'job-1', deviceId: 'dev-42', sourceGuid: 'src-7', tenant: 'tenant-7' },
      messageId: expect.any(Number),
    });
    const named = await checkNamed('ursula: Documents');
    expect(named.id).toBe(placeholder.id);
    expect(await checkNamed('ursula: src-7')).toBeUndefined();
    expect(named.matching.rules.map((r: any) => r.value)).toEqual(['ursula', 'DESKTOP-9J8JGB3', 'Documents', 'Backup']);
    expect(named.description).not.toContain('identifiers');
    const activities = (await svc.api('GET', `/activities?checkId=${named.id}`)).body.items;
    expect(activities).toMatchObject([{ jobId: jobs[0].id, messageId: jobs[0].messageId, status: 'success' }]);

    // From now on an event alone is known by its names.
    clock.set('2026-11-21T21:02:00Z');
    await post(completed({ guid: 'job-2', username: 'ursula', deviceId: 'dev-42', sourceGuid: 'src-7', status: 7002, started: new Date('2026-11-21T21:00:09Z') }));
    expect((await jobsOf('ursula'))[0]).toMatchObject({ source: 'webhook', device: 'DESKTOP-9J8JGB3', protectedItem: 'Documents', cometStatus: 'Error', namesKnown: true });
    expect((await svc.api('GET', `/checks/${named.id}`)).body.status).toBe('failure');
  });

  it('and an event of a job an email told of first adds its figures to that job, without a second activity', async () => {
    const started = new Date('2026-11-22T20:30:00Z');
    clock.set('2026-11-22T20:35:00Z');
    const email = cometReportEmail({ username: 'victor', device: 'NAS', protectedItem: 'Photos', started, stopped: new Date('2026-11-22T20:33:00Z'), zone: 'UTC', totalSize: '1.5 GB', files: 420, directories: 12 });
    expect((await svc.send(email)).code).toBe(250);
    const check = await checkNamed('victor: Photos');
    expect(check).toBeDefined();

    clock.set('2026-11-22T20:36:00Z');
    const event = completed({ guid: 'job-v1', username: 'victor', deviceId: 'nas-id', sourceGuid: 'photos-id', started: new Date('2026-11-22T20:30:41Z'), seconds: 140, files: 420, directories: 12, size: 1_610_612_737 });
    const answer = await post(event);
    expect(answer.body).toMatchObject({ accepted: true, duplicate: false, activities: [] });
    const jobs = await jobsOf('victor');
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ source: 'email+webhook', protectedItem: 'Photos', totalSize: 1_610_612_737, durationSeconds: 140, ids: { jobGuid: 'job-v1' } });
    expect((await svc.api('GET', `/activities?checkId=${check.id}`)).body.items).toHaveLength(1);

    // Comet retries an event it thinks was lost: the same job, nothing new.
    expect((await post(event)).body).toMatchObject({ accepted: true, duplicate: true, jobId: jobs[0].id });
    expect(await jobsOf('victor')).toHaveLength(1);

    // Its identifiers are now known: the next event goes to the same check by name.
    clock.set('2026-11-23T20:36:00Z');
    await post(completed({ guid: 'job-v2', username: 'victor', deviceId: 'nas-id', sourceGuid: 'photos-id', started: new Date('2026-11-23T20:30:00Z'), files: 421 }));
    expect((await svc.api('GET', `/activities?checkId=${check.id}`)).body.items).toHaveLength(2);
    expect(await checkNamed('victor: photos-id')).toBeUndefined();
  });

  it('tell two items that started in the same minute apart by their file counts', async () => {
    const started = new Date('2026-11-24T21:00:00Z');
    clock.set('2026-11-24T21:10:00Z');
    for (const [item, files] of [['Mail', 900], ['Desktop', 35]] as const) {
      expect((await svc.send(cometReportEmail({ username: 'wendy', device: 'PC', protectedItem: item, started, zone: 'UTC', files }))).code).toBe(250);
    }
    await post(completed({ guid: 'w-desktop', username: 'wendy', deviceId: 'pc-id', sourceGuid: 'desk-id', started: new Date('2026-11-24T21:00:30Z'), files: 35 }));
    await post(completed({ guid: 'w-mail', username: 'wendy', deviceId: 'pc-id', sourceGuid: 'mail-id', started: new Date('2026-11-24T21:00:05Z'), files: 900 }));
    const jobs = await jobsOf('wendy');
    expect(jobs.map((j) => [j.protectedItem, j.source, j.ids.jobGuid]).sort()).toEqual([
      ['Desktop', 'email+webhook', 'w-desktop'],
      ['Mail', 'email+webhook', 'w-mail'],
    ]);
  });

  it('are acknowledged and dropped while the Comet format is turned off, and read again once it is on', async () => {
    const event = completed({ guid: 'off-1', username: 'xena', deviceId: 'x-id', sourceGuid: 'xs-id', started: new Date('2026-11-25T21:00:00Z') });
    expect((await svc.api('PATCH', '/settings/formats/comet', { enabled: false })).status).toBe(200);
    expect((await post(event)).body).toMatchObject({ accepted: false, jobId: null, ignored: expect.stringContaining('turned off') });
    expect(await jobsOf('xena')).toEqual([]);
    expect((await svc.api('PATCH', '/settings/formats/comet', { enabled: true })).status).toBe(200);
    expect((await post(event)).body).toMatchObject({ accepted: true, duplicate: false });
  });
});
