import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/shared/clock.js';
import { type Receiver, startReceiver } from './helpers/receiver.js';
import { startTestService, type TestService } from './helpers/service.js';

type ExpectedJob = { tenant: string | null; device: string | null; item: string | null; type: string | null; status: 'success' | 'warning' | 'failure' | 'unknown' };

const FORMATS_DIR = path.join(import.meta.dirname, 'fixtures', 'formats');
const FORMAT_IDS = fs.readdirSync(FORMATS_DIR).sort();
const expectedOf = (id: string): Record<string, ExpectedJob[]> => JSON.parse(fs.readFileSync(path.join(FORMATS_DIR, id, 'expected.json'), 'utf8'));
const fixture = (id: string, file: string) => fs.readFileSync(path.join(FORMATS_DIR, id, file));

const clock = fixedClock('2026-05-01T22:00:00Z');
let svc: TestService;
let receiver: Receiver;

const all = async (url: string) => (await svc.api('GET', url)).body.items as any[];
const checks = () => all('/checks?limit=500');
const jobsOf = (format: string) => all(`/jobs?format=${format}&limit=500`);
const activityOfJob = async (checkId: number, jobId: number) => (await all(`/activities?checkId=${checkId}&limit=500`)).find((a) => a.jobId === jobId);

/**
 * What a discovered check's activity says of a job: the product's status, but a
 * report that could not be fully read is at best a warning, and one whose status
 * says nothing (cron) leaves the check's default (failure).
 */
function activityStatus(job: { jobStatus: string; problems: string[] }) {
  if (job.problems.length && (job.jobStatus === 'success' || job.jobStatus === 'unknown')) return 'warning';
  return job.jobStatus === 'unknown' ? 'failure' : job.jobStatus;
}

describe('every report format end to end, over SMTP, through discovery', () => {
  beforeAll(async () => {
    svc = await startTestService({ clock, env: { BACKWATCH_ALLOW_PRIVATE_WEBHOOKS: 'true' } });
    receiver = await startReceiver();
    expect((await svc.api('PATCH', '/settings', { timezone: 'Europe/Berlin' })).status).toBe(200);
  });
  afterAll(async () => {
    await svc?.destroy();
    await receiver?.close();
  });

  it.each(FORMAT_IDS)('reads every %s fixture into its jobs, and makes a check for each job it can name', async (id) => {
    const expected = expectedOf(id);
    for (const file of Object.keys(expected)) {
      clock.advance(60_000);
      expect((await svc.send(fixture(id, file))).code, file).toBe(250);
    }
    const jobs = (await jobsOf(id)).reverse();
    const shape = (j: ExpectedJob) => [j.tenant, j.device, j.item, j.type, j.status].join(' | ');
    expect(jobs.map((j) => shape({ ...j, status: j.jobStatus }))).toEqual(Object.values(expected).flat().map(shape));

    const byId = new Map((await checks()).map((c) => [c.id, c]));
    const firstOfCheck = new Set<number>();
    for (const job of jobs) {
      if (job.item === null) continue;
      // Every job with a name belongs to exactly one check, which discovery made for its format.
      expect(job.checkIds, `${job.item}`).toHaveLength(1);
      const check = byId.get(job.checkIds[0]);
      expect(check).toMatchObject({ origin: id, statusRules: { comet: true }, schedule: { type: 'unscheduled' } });
      expect(check.labels).toHaveLength(1);
      expect(check.name).toContain(job.item);
      const activity = await activityOfJob(check.id, job.id);
      // Discovery claims the first report; later ones of the same job by key, or by the check's rules once the catalog has it.
      expect(activity, `${job.item}`).toMatchObject({ status: activityStatus(job), matchedBy: firstOfCheck.has(check.id) ? expect.stringMatching(`^(criteria|${id})$`) : id });
      firstOfCheck.add(check.id);
    }
  });

  it('files a report whose format names no job (a language it does not read) with an unknown status and says why', async () => {
    const german = (await jobsOf('synology')).find((j) => j.item === null);
    expect(german).toMatchObject({ jobStatus: 'unknown', product: expect.stringContaining('Active Backup') });
    expect(german.problems.join(' ')).toMatch(/language/);
  });

  it('gives a vzdump run\'s failed guest a failure and its neighbours their own success', async () => {
    const guests = (await jobsOf('proxmox')).filter((j) => j.device === 'pve3.example.lan' && j.item !== 'vzdump');
    const byItem = Object.fromEntries(guests.map((j) => [j.item, j]));
    const statusOf = async (item: string) => (await svc.api('GET', `/checks/${byItem[item].checkIds[0]}`)).body.status;
    expect(await statusOf('200 db01')).toBe('success');
    expect(await statusOf('201 app01')).toBe('failure');
    expect(await statusOf('202 cache01')).toBe('success');
  });

  it('lets a check whose rules claim a report win over discovery', async () => {
    const claimed = await svc.api('POST', '/checks', {
      name: 'Mail archive (by rule)',
      matching: { rules: [{ field: 'job.item', operator: 'equals', value: 'Mail archive' }, { field: 'job.format', operator: 'equals', value: 'duplicati' }] },
      status: { comet: true },
    });
    expect(claimed.status).toBe(201);
    const before = (await checks()).length;
    clock.advance(3_600_000);
    expect((await svc.send(fixture('duplicati', 'duplicati-failure.eml'))).code).toBe(250);
    expect((await checks()).length).toBe(before);
    const check = (await svc.api('GET', `/checks/${claimed.body.id}`)).body;
    expect(check).toMatchObject({ status: 'failure', job: { format: 'duplicati', product: expect.any(String), item: 'Mail archive' } });
  });

  it('reads no report of a format turned off, and discovers nothing for a format whose discovery is off', async () => {
    expect((await svc.api('PATCH', '/settings/formats/acronis', { enabled: false })).status).toBe(200);
    const before = (await jobsOf('acronis')).length;
    expect((await svc.send(fixture('acronis', 'acronis-failed.eml'))).code).toBe(250);
    expect((await jobsOf('acronis')).length).toBe(before);
    expect((await svc.api('GET', '/messages?matched=false&limit=1')).body.items[0].subject).toContain('BACKUP FAILED');

    expect((await svc.api('PATCH', '/settings/formats/urbackup', { autoDiscovery: { enabled: false } })).status).toBe(200);
    const raw = fixture('urbackup', 'urbackup-success.eml').toString('latin1').replaceAll('WS-ACCOUNTING', 'WS-NEW-CLIENT');
    const checksBefore = (await checks()).length;
    expect((await svc.send(Buffer.from(raw, 'latin1'))).code).toBe(250);
    const job = (await jobsOf('urbackup')).find((j) => j.device === 'WS-NEW-CLIENT');
    expect(job).toMatchObject({ jobStatus: 'success', checkIds: [] });
    expect((await checks()).length).toBe(checksBefore);

    expect((await svc.api('PATCH', '/settings/formats/comet', { autoDiscovery: { enabled: false } })).body.error.message).toMatch(/^autoDiscovery: /);
    expect((await svc.api('PATCH', '/settings/formats/veeam', { options: { nonsense: true } })).body.error.message).toMatch(/^options\.nonsense: /);
    expect((await svc.api('PATCH', '/settings/formats/nope', { enabled: true })).status).toBe(404);
  });

  it('warns of a successful job that protected nothing, and of no good backup for longer than the RPO', async () => {
    const empty = fixture('duplicati', 'duplicati-success.eml').toString('latin1').replace(/^SizeOfExaminedFiles: \d+$/m, 'SizeOfExaminedFiles: 0');
    clock.advance(3_600_000);
    expect((await svc.send(Buffer.from(empty, 'latin1'))).code).toBe(250);
    const docs = (await jobsOf('duplicati')).find((j) => j.item === 'Documents' && j.sizeBytes === 0);
    const activity = await activityOfJob(docs.checkIds[0], docs.id);
    expect(activity).toMatchObject({ status: 'warning', statusSource: 'anomaly', reasons: ['The job protected 0 bytes'] });

    // The Photos check's last success is its creation day's report; three days on, with an RPO of two days, a failure says so.
    const photos = (await checks()).find((c) => c.origin === 'duplicati' && c.name.includes('Photos'));
    expect((await svc.api('PATCH', `/checks/${photos.id}`, { rpoDays: 2 })).body.rpoDays).toBe(2);
    clock.advance(3 * 86_400_000);
    const failing = fixture('duplicati', 'duplicati-warning.eml').toString('latin1').replace(/^ParsedResult: Warning$/m, 'ParsedResult: Error');
    expect((await svc.send(Buffer.from(failing, 'latin1'))).code).toBe(250);
    const latest = (await all(`/activities?checkId=${photos.id}&limit=1`))[0];
    expect(latest.status).toBe('failure');
    expect(latest.reasons.at(-1)).toMatch(/^No successful backup (for \d+ days|since the check was created \d+ days ago) .*the RPO is 2 days\)$/);
    expect((await svc.api('GET', '/settings/jobs')).body).toMatchObject({ rpoDays: null, anomalies: { zeroData: true } });
  });

  it('infers the schedule of a discovered check of any format from its reports, as for Comet', async () => {
    for (let night = 0; night < 5; night++) {
      clock.set(new Date(Date.UTC(2026, 5, 1 + night, 21, 4)));
      expect((await svc.send(fixture('pbs', 'pbs-verify-ok.eml'))).code).toBe(250);
    }
    const verify = (await checks()).find((c) => c.origin === 'pbs' && c.name.includes('Verify store1'));
    expect(verify).toMatchObject({ scheduleSetBy: 'suggestion', schedule: { type: 'interval', every: 1, unit: 'days' } });
  });

  it("alerts with the job's own key lines: the errors the format read, not the report's label lines", async () => {
    const app01 = (await jobsOf('proxmox')).find((j) => j.item === '201 app01');
    const channel = (await svc.api('POST', '/channels', { type: 'webhook', name: 'ops', config: { url: `${receiver.url}/hook` } })).body;
    expect((await svc.api('PATCH', `/checks/${app01.checkIds[0]}`, { notifications: { channelIds: [channel.id] } })).status).toBe(200);
    // The guest recovers, then fails again: the failure alerts.
    clock.advance(86_400_000);
    const ok = fixture('proxmox', 'vzdump-8.1-one-failed.eml').toString('latin1');
    expect((await svc.send(Buffer.from(ok, 'latin1'))).code).toBe(250);
    svc.deliveries.wake();
    await svc.deliveries.idle();
    const alert = receiver.requests.map((r) => JSON.parse(r.body)).find((b) => b.status === 'failure' && b.check.id === app01.checkIds[0]);
    expect(alert.keyLines).toEqual(app01.keyLines);
    expect(alert.keyLines.length).toBeGreaterThan(0);
  });

  it('lists the formats with their fields, and keeps every generic field testable by rules', async () => {
    const formats = (await svc.api('GET', '/formats')).body;
    expect(formats.items.map((f: any) => f.id)).toEqual(['veeam', 'proxmox', 'pbs', 'duplicati', 'urbackup', 'synology', 'acronis', 'cron', 'comet']);
    expect(formats.jobFields).toContain('job.sizeBytes');
    expect(formats.items.find((f: any) => f.id === 'comet').fields.map((f: any) => f.name)).toContain('comet.username');
    expect((await svc.api('POST', '/checks', { name: 'x', matching: { rules: [{ field: 'job.nope', operator: 'equals', value: '1' }] } })).body.error.message).toMatch(/^matching\.rules\[0\]\.field: /);
  });
});
