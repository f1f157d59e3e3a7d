import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelContext } from '../../../../test/helpers/channels.js';
import type { FakeVendor } from '../../../../test/helpers/fake-vendor.js';
import { GITLAB_TOKEN, type Issue, startFakeGitLab } from '../../../../test/helpers/fake-gitlab.js';
import { ticketRequests } from '../../../../test/helpers/ticket-requests.js';
import { expectLostAnswerAdopted, expectNothingFound } from '../../../../test/helpers/lost-answer.js';
import { settingProblems } from '../tickets.lookups.js';
import { gitlabTicketing } from './gitlab.ticketing.js';

let vendor: FakeVendor;
let issues: Issue[];
beforeEach(async () => {
  ({ vendor, issues } = await startFakeGitLab());
});
afterEach(() => vendor.close());

const configure = (over: Record<string, unknown> = {}) => gitlabTicketing.config.parse({ url: vendor.url, token: GITLAB_TOKEN, project: 'acme/backups', ...over });
const ctx = channelContext();

describe('GitLab issues', () => {
  it('opens a labelled issue, adds internal notes, and closes it', async () => {
    const c = configure();
    const req = ticketRequests();
    const opened = await gitlabTicketing.open(c, req.open, ctx);
    expect(opened).toMatchObject({ ok: true, status: 201, ticket: { id: '7', url: `${vendor.url}/acme/backups/-/issues/7` } });
    const [issue] = issues;
    expect(issue).toMatchObject({ project: 'acme/backups', title: req.open.subject, labels: 'backwatch,priority::high' });
    expect(issue!.description).toBe(`\`\`\`text\n${req.open.body}\n\`\`\`\n\n[Open the check in backwatch](https://backwatch.example.com/checks/42)\n\n<!-- ${req.open.marker} -->`);

    expect(await gitlabTicketing.note(c, opened.ticket!, req.note, ctx)).toMatchObject({ ok: true, status: 201 });
    expect(await gitlabTicketing.close(c, opened.ticket!, req.close, ctx)).toMatchObject({ ok: true, status: 200 });
    expect(issue!.notes.map((n) => n.internal)).toEqual([true, true]);
    expect(issue!.notes[0]!.body).toContain(req.note.body);
    expect(issue!.notes[1]!.body).toContain(req.close.body);
    expect(issue!.state).toBe('closed');
    expect(vendor.refused).toEqual([]);
  });

  it('files into the project of the check, and keeps to it for the issue it opened', async () => {
    const c = configure({ priorityLabels: { high: 'urgent', low: '' }, labels: ['backups', 'ops'], internalNotes: false });
    const opened = await gitlabTicketing.open(c, ticketRequests({ project: 'clients/client-b/infra' }).openWarning, ctx);
    expect(issues[0]).toMatchObject({ project: 'clients/client-b/infra', labels: 'backups,ops' });
    await gitlabTicketing.note(c, opened.ticket!, ticketRequests({ project: 'clients/elsewhere' }).note, ctx);
    expect(issues[0]!.notes).toMatchObject([{ internal: false }]);
    await gitlabTicketing.open(configure(), ticketRequests().openWarning, ctx);
    expect(issues[1]!.labels).toBe('backwatch,priority::low');
    await gitlabTicketing.open(configure({ project: '4021' }), ticketRequests().open, ctx);
    expect(issues[2]!.project).toBe('4021');
    expect(vendor.refused).toEqual([]);
  });

  it('writes nothing to an issue a person closed', async () => {
    const c = configure();
    const req = ticketRequests();
    const opened = await gitlabTicketing.open(c, req.open, ctx);
    issues[0]!.state = 'closed';
    const writes = vendor.requests.length;
    expect(await gitlabTicketing.note(c, opened.ticket!, req.note, ctx)).toEqual({ ok: true, status: 200, alreadyClosed: true });
    expect(await gitlabTicketing.close(c, opened.ticket!, req.close, ctx)).toEqual({ ok: true, status: 200, alreadyClosed: true });
    expect(vendor.requests.slice(writes).map((r) => r.method)).toEqual(['GET', 'GET']);
    expect(issues[0]!.notes).toEqual([]);
  });

  it('retries through an outage, but not a refusal or a missing project', async () => {
    const c = configure();
    const req = ticketRequests();
    vendor.down = { status: 503 };
    expect(await gitlabTicketing.open(c, req.open, ctx)).toMatchObject({ ok: false, retryable: true, status: 503 });
    vendor.down = null;
    const opened = await gitlabTicketing.open(c, req.open, ctx);
    expect(opened.ok).toBe(true);
    vendor.down = { status: 429 };
    expect(await gitlabTicketing.note(c, opened.ticket!, req.note, ctx)).toMatchObject({ ok: false, retryable: true, status: 429 });
    vendor.down = { status: 403, json: { message: '403 Forbidden' } };
    expect(await gitlabTicketing.close(c, opened.ticket!, req.close, ctx)).toMatchObject({ ok: false, retryable: false, status: 403 });
    vendor.down = null;
    expect(await gitlabTicketing.open(configure({ project: undefined }), req.open, ctx)).toMatchObject({ ok: false, retryable: false });
    expect(issues).toHaveLength(1);
  });

  it('adopts the issue a create made when its answer was lost, and finds none where there is none', async () => {
    const c = configure();
    await expectNothingFound({ adapter: gitlabTicketing, config: c, ctx, vendor });
    const ticket = await expectLostAnswerAdopted({
      adapter: gitlabTicketing,
      config: c,
      vendor,
      ctx,
      isCreate: (r) => r.method === 'POST' && r.path.endsWith('/issues'),
      tickets: () => issues,
    });
    expect(ticket).toEqual({ id: '7', url: `${vendor.url}/acme/backups/-/issues/7` });
    expect(issues[0]).toMatchObject({ state: 'closed', notes: [{}, {}] });
    expect(vendor.requests.find((r) => r.method === 'GET' && r.path.endsWith('/issues'))!.query.get('in')).toBe('description');
  });

  it('lists the projects the token is a member of, searched and paged as GitLab pages', async () => {
    const projects = gitlabTicketing.lookups!.projects!;
    const first = await projects.list(configure(), { search: null, page: null, parent: null }, ctx);
    expect(first).toMatchObject({ ok: true, nextPage: '2' });
    expect(first.ok && first.items.slice(0, 2)).toEqual([
      { id: 'acme/backups', name: 'Acme / Backups' },
      { id: 'clients/client-0', name: 'Clients / Client 0' },
    ]);
    const second = await projects.list(configure(), { search: null, page: '2', parent: null }, ctx);
    expect(second).toMatchObject({ ok: true, nextPage: null });
    expect(second.ok && second.items).toHaveLength(10);
    const searched = await projects.list(configure(), { search: 'client-5', page: null, parent: null }, ctx);
    expect(searched.ok && searched.items.map((p) => p.id)).toEqual(['clients/client-5', ...Array.from({ length: 9 }, (_, n) => `clients/client-5${n}`)]);
    expect(vendor.requests[0]!.query.get('membership')).toBe('true');
    expect(vendor.refused).toEqual([]);
  });

  it('names the setting a tenant does not have', async () => {
    expect(await settingProblems(gitlabTicketing, configure({ project: 'clients/client-58' }), ctx)).toEqual([]);
    expect(await settingProblems(gitlabTicketing, configure({ project: 'clients/gone' }), ctx)).toEqual([{ path: 'project', message: 'no project "clients/gone"' }]);
    vendor.down = { status: 503 };
    expect(await settingProblems(gitlabTicketing, configure({ project: 'clients/gone' }), ctx)).toEqual([]);
  });

  it('verifies the token against the project', async () => {
    expect(await gitlabTicketing.verify(configure(), ctx)).toMatchObject({ ok: true, status: 200 });
    expect(vendor.requests[0]).toMatchObject({ method: 'GET', path: '/api/v4/projects/acme%2Fbackups' });
    expect(() => configure({ labels: ['a,b'] })).toThrow(/no commas/);
    expect(vendor.refused).toEqual([]);
  });
});
