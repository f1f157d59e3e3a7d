import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/shared/clock.js';
import { type CometReportJob, cometReportEmail } from './helpers/comet-report.js';
import { type Receiver, startReceiver } from './helpers/receiver.js';
import { startTestService, type TestService } from './helpers/service.js';

const clock = fixedClock('2026-11-01T20:00:00Z');
let svc: TestService;
let receiver: Receiver;
let night = 0;

/** One more nightly job of the item: 37 minutes, 52.1 GB, 12,345 files, unless told otherwise. */
async function job(item: string, over: Partial<CometReportJob> & { minutes?: number } = {}) {
  night++;
  const started = new Date(Date.UTC(2026, 10, 1 + night, 20, 0));
  const stopped = new Date(started.getTime() + (over.minutes ?? 37) * 60_000);
  clock.set(stopped);
  const raw = cometReportEmail({ username: 'acme', device: 'SRV-01', protectedItem: item, started, stopped, zone: 'UTC', totalSize: '52.1 GB', files: 12_345, uploaded: '1.1 GB', ...over });
  expect((await svc.send(raw)).code).toBe(250);
  const check = ((await svc.api('GET', '/checks?limit=500')).body.items as any[]).find((c) => c.name === `acme: ${item}`);
  const [newest] = (await svc.api('GET', `/activities?checkId=${check.id}&limit=1`)).body.items;
  return { check, activity: newest };
}

describe('anomaly rules on a Comet check with history', () => {
  beforeAll(async () => {
    svc = await startTestService({ clock, env: { BACKWATCH_ALLOW_PRIVATE_WEBHOOKS: 'true' } });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await svc?.destroy();
  });

  it('say nothing while there is too little history, then warn of a size drop in words, and alert with the reason', async () => {
    const first = await job('Server');
    const channel = (await svc.api('POST', '/channels', { type: 'webhook', name: 'ops', config: { url: `${receiver.url}/hook` } })).body;
    await svc.api('PATCH', `/checks/${first.check.id}`, { notifications: { channelIds: [channel.id] } });
    // A drop with fewer than three earlier jobs is no anomaly yet.
    expect((await job('Server', { totalSize: '6.8 GB' })).activity).toMatchObject({ status: 'success', statusSource: 'comet' });
    for (let i = 0; i < 9; i++) expect((await job('Server')).activity.status).toBe('success');

    const { check, activity } = await job('Server', { totalSize: '6.8 GB' });
    expect(check.status).toBe('warning');
    expect(activity).toMatchObject({ status: 'warning', statusSource: 'anomaly' });
    expect(activity.reasons).toEqual(['Total size fell 87 % from 52.1 GB to 6.8 GB against the median of the last 10 jobs']);

    svc.deliveries.wake();
    await svc.deliveries.idle();
    const alert = receiver.requests.map((r) => JSON.parse(r.body)).find((b) => b.status === 'warning');
    expect(alert.reasons).toEqual(activity.reasons);
    expect(alert.text).toContain('Why: Total size fell 87 % from 52.1 GB to 6.8 GB against the median of the last 10 jobs');
  });

  it('warn of fewer files and of a job that took far longer, each with its reason', async () => {
    for (let i = 0; i < 4; i++) await job('Files');
    const fewer = await job('Files', { files: 4_938 });
    expect(fewer.activity.reasons).toEqual(['File count fell 60 % from 12,345 to 4,938 against the median of the last 4 jobs']);
    const slow = await job('Files', { minutes: 125 });
    expect(slow.activity.reasons).toEqual(['The job took 3.4× as long as the median of the last 5 jobs (2 h 5 min against 37 min)']);
    // A failed job is a failure, whatever its figures.
    expect((await job('Files', { status: 'Error', totalSize: '0 B' })).activity).toMatchObject({ status: 'failure', statusSource: 'comet' });
  });

  it('follow the check over its group over the organization, and report nothing uploaded only when turned on', async () => {
    for (let i = 0; i < 4; i++) await job('Layers');
    const { check } = await job('Layers');
    await svc.api('PATCH', `/checks/${check.id}`, { anomalies: { sizeDropPercent: null } });
    expect((await job('Layers', { totalSize: '1 GB' })).activity.status).toBe('success');

    const group = ((await svc.api('GET', '/groups')).body.items as any[]).find((g) => g.name === 'acme');
    await svc.api('PATCH', `/groups/${group.id}`, { anomalies: { durationFactor: 10, noUploadJobs: 2 } });
    expect((await svc.api('GET', `/groups/${group.id}`)).body.anomalies).toEqual({ durationFactor: 10, noUploadJobs: 2 });
    expect((await job('Layers', { minutes: 200 })).activity.status).toBe('success');
    expect((await job('Layers', { uploaded: '0 B' })).activity.status).toBe('success');
    expect((await job('Layers', { uploaded: '0 B' })).activity.reasons).toEqual(['No bytes uploaded in 2 jobs in a row']);

    await svc.api('PATCH', '/settings/comet', { anomalies: { sizeDropPercent: 20 } });
    await svc.api('PATCH', `/checks/${check.id}`, { anomalies: {} });
    expect((await job('Layers', { totalSize: '40 GB' })).activity.reasons).toEqual(['Total size fell 23 % from 52.1 GB to 40.0 GB against the median of the last 9 jobs']);
  });
});
