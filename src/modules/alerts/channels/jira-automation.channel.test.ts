import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleViews } from '../../../../test/helpers/alert-views.js';
import { channelContext, templates } from '../../../../test/helpers/channels.js';
import { type FakeVendor, startFakeVendor, type VendorRequest } from '../../../../test/helpers/fake-vendor.js';
import { automationData, jiraAutomationChannel } from './jira-automation.channel.js';

// Jira Cloud automation, the Incoming webhook trigger, as documented:
// https://support.atlassian.com/cloud-automation/docs/configure-the-incoming-webhook-trigger-in-atlassian-automation/  POST to the rule's URL, secret in X-Automation-Webhook-Token
// https://support.atlassian.com/cloud-automation/docs/jira-automation-triggers/  the JSON body is {{webhookData}}; {"issues": ["KEY-1", …]} for a rule run on the work items given

const HOOK = '/automation/webhooks/jira/a/0f3e7c1e-6b1d-4a8e-9d61-7d1a3c5b2e90/0195a1b2-c3d4-7e8f-9a0b-1c2d3e4f5a6b';
const SECRET = 'ATCTT3xFfGN0bWhxQ2k4VVh2cW9sTk5pR3lJ';
const runs: any[] = [];

/** The trigger takes a JSON POST to the rule's URL; a missing or wrong secret is refused before the rule runs. */
function check(req: VendorRequest): string | null {
  if (req.method !== 'POST' || req.path !== HOOK) return 'not the webhook URL of the rule';
  if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return 'the body must be JSON';
  if (!req.json || typeof req.json !== 'object' || Array.isArray(req.json)) return 'the body must be a JSON object';
  if (req.json.issues !== undefined && !(Array.isArray(req.json.issues) && req.json.issues.every((k: unknown) => typeof k === 'string'))) return 'issues is a list of work item keys';
  return null;
}

let vendor: FakeVendor;
beforeEach(async () => {
  runs.length = 0;
  vendor = await startFakeVendor(
    [
      [
        'POST',
        new RegExp(`^${HOOK}$`),
        ({ headers, json }) => {
          if (headers['x-automation-webhook-token'] !== SECRET) return { status: 401, json: { message: 'Invalid webhook token' } };
          runs.push(json);
          return { status: 200, text: '' };
        },
      ],
    ],
    check,
  );
});
afterEach(() => vendor.close());

const configure = (over: Record<string, unknown> = {}) => jiraAutomationChannel.config.parse({ url: `${vendor.url}${HOOK}`, token: SECRET, ...over });

describe('Jira automation (incoming webhook)', () => {
  it('posts the alert to the rule with the secret in X-Automation-Webhook-Token', async () => {
    expect(await jiraAutomationChannel.send(configure(), sampleViews.failure, channelContext())).toEqual({ ok: true, status: 200, response: '' });
    expect(vendor.requests[0]!.headers['x-automation-webhook-token']).toBe(SECRET);
    const text = templates.render('jira-automation', 'alert', sampleViews.failure);
    expect(runs).toEqual([
      {
        source: 'backwatch',
        event: 'alert',
        status: 'failure',
        statusLabel: 'Failure',
        previousStatus: 'success',
        check: 'User01: Documents',
        checkId: 42,
        group: 'Acme Corp',
        title: 'Failure: User01: Documents (Acme Corp)',
        text: text.split('\n').slice(1).join('\n'),
        subject: 'Error - Backup of "Documents"',
        reasons: ['Body contains "Status: Error"'],
        keyLines: sampleViews.failure.keyLines,
        link: 'https://backwatch.example.com/checks/42',
        at: '2026-11-20T20:14:00.000Z',
        time: sampleViews.failure.activity.time,
        expectedAt: null,
      },
    ]);
    expect(sampleViews.failure.keyLines).toContain('Status: Error');
    expect(vendor.refused).toEqual([]);
  });

  it('names the work items for a rule that runs on the items in the request', async () => {
    await jiraAutomationChannel.send(configure({ issues: ['OPS-42', 'BACKUP_2-7'] }), sampleViews.restore, channelContext());
    expect(runs[0]).toMatchObject({ event: 'restore', status: 'success', issues: ['OPS-42', 'BACKUP_2-7'] });
    expect(() => configure({ issues: ['ops-1'] })).toThrow(/work item key/);
    expect(() => configure({ issues: ['OPS-0'] })).toThrow(/work item key/);
    expect(vendor.refused).toEqual([]);
  });

  it('tells overdue and test messages apart in the same shape', () => {
    const overdue = automationData(sampleViews.overdue, templates.render('jira-automation', 'alert', sampleViews.overdue), []);
    expect(overdue).toMatchObject({ status: 'overdue', group: null, subject: '', reasons: [], expectedAt: '2026-11-21T20:00:00.000Z' });
    expect(overdue.text).toContain('No report came');
    expect(overdue).not.toHaveProperty('issues');
    const test = automationData(sampleViews.test, templates.render('jira-automation', 'test', sampleViews.test), ['OPS-1']);
    expect(test).toMatchObject({ event: 'test', title: 'Test message from backwatch', link: null, issues: ['OPS-1'] });
  });

  it('does not retry a secret the rule refuses', async () => {
    expect(await jiraAutomationChannel.send(configure({ token: 'stale-secret' }), sampleViews.failure, channelContext())).toMatchObject({ ok: false, retryable: false, status: 401 });
    expect(runs).toEqual([]);
  });

  it.each([
    [500, true],
    [502, true],
    [429, true],
    [400, false],
    [403, false],
    [404, false],
  ])('reads HTTP %i as a failure, retryable: %s', async (status, retryable) => {
    vendor.down = { status, text: 'nope' };
    expect(await jiraAutomationChannel.send(configure(), sampleViews.warning, channelContext())).toMatchObject({ ok: false, retryable, status, response: 'nope' });
  });

  it('keeps the URL and the secret secret, and takes no header-breaking secret', () => {
    expect(jiraAutomationChannel.secrets).toEqual(['url', 'token']);
    expect(() => configure({ token: 'a\r\nX-Other: 1' })).toThrow();
    expect(() => configure({ url: 'api-private.atlassian.com/automation/webhooks/x' })).toThrow();
  });

  it('has message texts for every event', () => {
    for (const [name, view] of Object.entries(sampleViews)) expect(templates.render('jira-automation', view.event, view)).toMatchSnapshot(name);
  });
});
