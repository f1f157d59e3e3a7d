import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/shared/clock.js';
import { type FakeSlack, SLACK_CHANNEL, SLACK_TOKEN, startFakeSlack } from './helpers/fake-slack.js';
import { cometCheck, reportTo, startTestService, type TestService } from './helpers/service.js';

const clock = fixedClock('2026-11-20T12:00:00Z');
let svc: TestService;
let slack: FakeSlack;

beforeAll(async () => {
  [svc, slack] = await Promise.all([
    startTestService({ clock, env: { BACKWATCH_ALLOW_PRIVATE_WEBHOOKS: 'true', BACKWATCH_PUBLIC_URL: 'https://backwatch.example.com' }, random: () => 0.5 }),
    startFakeSlack(),
  ]);
});
afterAll(async () => {
  await Promise.all([svc.destroy(), slack.close()]);
});
afterEach(() => expect(slack.refused).toEqual([]));

let n = 0;
async function setup(config: Record<string, unknown> = {}) {
  const channel = await svc.api('POST', '/channels', { type: 'slack-app', name: `Slack ${++n}`, config: { apiUrl: slack.url, token: SLACK_TOKEN, channel: SLACK_CHANNEL, ...config } });
  expect(channel.status, JSON.stringify(channel.body)).toBe(201);
  expect(channel.body.config.token).not.toContain(SLACK_TOKEN.slice(5));
  const check = (await svc.api('POST', '/checks', cometCheck(`Threaded ${n}`, { group: 'Acme Corp', notifications: { channelIds: [channel.body.id] } }))).body;
  return { channel: channel.body, check };
}

const report = (check: { address: string }, file: string) => reportTo(svc, check, file);

const threadOf = (name: string) => slack.top().find((m) => m.blocks[0].text.text.includes(name))!;
const header = (m: { blocks: any[] }) => m.blocks[0].text.text;

describe('a Slack thread follows the incident', () => {
  it('threads the second failure under the first and marks the first message recovered', async () => {
    const { check } = await setup();
    await report(check, 'comet-error.eml');
    const first = threadOf(check.name);
    expect(header(first)).toBe(`:red_circle: Failure: ${check.name}`);
    const said = first.blocks[1].text.text;
    expect(said).toContain('*Status:* Failure (was Pending)');
    const [ticket] = (await svc.api('GET', `/tickets?checkId=${check.id}`)).body.items;
    expect(ticket).toMatchObject({ externalId: `${SLACK_CHANNEL}/${first.ts}`, state: 'open', url: `https://acme.slack.com/archives/${SLACK_CHANNEL}/p${first.ts.replace('.', '')}` });

    await report(check, 'comet-error.eml');
    expect(slack.replies(first.ts).map(header)).toEqual([`:red_circle: Failure: ${check.name}`]);
    expect(slack.top().filter((m) => header(m).includes(check.name))).toHaveLength(1);

    clock.advance(60 * 60_000);
    await report(check, 'comet-success.eml');
    expect(first.edits).toBe(1);
    expect(first.blocks.map((b) => b.text?.text ?? b.elements[0].text)).toEqual([
      `:large_green_circle: Recovered: ${check.name}`,
      'Recovered 2026-11-20 13:00 UTC after *Failure* since 2026-11-20 12:00 UTC',
      said,
    ]);
    expect(slack.replies(first.ts).map(header)).toEqual([`:red_circle: Failure: ${check.name}`, `:large_green_circle: Recovered: ${check.name}`]);
    expect((await svc.api('GET', `/tickets?checkId=${check.id}`)).body.items).toMatchObject([{ state: 'closed', closedBy: 'backwatch', notes: 1 }]);

    await report(check, 'comet-error.eml');
    expect(slack.top().filter((m) => header(m).includes(check.name))).toHaveLength(2);
  });

  it('marks the first message recovered even when recoveries are not notified, and only replies when told to leave it', async () => {
    const quiet = await setup();
    await svc.api('PATCH', `/checks/${quiet.check.id}`, { notifications: { notifyOnRestore: false } });
    await report(quiet.check, 'comet-error.eml');
    await report(quiet.check, 'comet-success.eml');
    expect(header(threadOf(quiet.check.name))).toBe(`:large_green_circle: Recovered: ${quiet.check.name}`);

    const open = await setup({ closeOnRecovery: false });
    await report(open.check, 'comet-error.eml');
    await report(open.check, 'comet-success.eml');
    const first = threadOf(open.check.name);
    expect([first.edits, header(first)]).toEqual([0, `:red_circle: Failure: ${open.check.name}`]);
    expect(slack.replies(first.ts).map(header)).toEqual([`:large_green_circle: Recovered: ${open.check.name}`]);
  });

  it('tests the channel by posting to it, and says why it cannot', async () => {
    const { channel } = await setup();
    expect((await svc.api('POST', `/channels/${channel.id}/test`)).body).toMatchObject({ ok: true, status: 200 });
    expect(slack.messages.at(-1)).toMatchObject({ channel: SLACK_CHANNEL, text: 'Test message from backwatch' });
    const outside = await setup({ channel: 'C0LOBBY' });
    expect((await svc.api('POST', `/channels/${outside.channel.id}/test`)).body).toMatchObject({ ok: false, error: expect.stringContaining('not_in_channel') });
  });
});
