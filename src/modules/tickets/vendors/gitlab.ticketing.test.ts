import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelContext } from '../../../../test/helpers/channels.js';
import { type FakeVendor, type Route, startFakeVendor, type VendorRequest } from '../../../../test/helpers/fake-vendor.js';
import { ticketRequests } from '../../../../test/helpers/ticket-requests.js';
import { expectLostAnswerAdopted, expectNothingFound } from '../../../../test/helpers/lost-answer.js';
import { settingProblems } from '../tickets.lookups.js';
import { gitlabTicketing } from './gitlab.ticketing.js';

interface Issue {
  project: string;
  iid: number;
  title: string;
  description: string;
  labels: string;
  state: 'opened' | 'closed';
  notes: { body: string; internal: boolean }[];
}

const TOKEN = 'glpat-backwatch';
// Projects by URL-encoded path, as the API takes them.
const PROJECT = /^\/api\/v4\/projects\/(\d+|[\w.-]+(?:%2F[\w.-]+)+)/;

/** What the Issues and Notes APIs (v4) take: the PRIVATE-TOKEN header, encoded project paths, the documented bodies. */
function check(req: VendorRequest): string | null {
  if (req.headers['private-token'] !== TOKEN) return 'missing or wrong PRIVATE-TOKEN';
  if (!req.path.startsWith('/api/v4/')) return 'not API v4';
  if (req.path.startsWith('/api/v4/projects/') && !PROJECT.test(req.path)) return 'a project path must be URL-encoded';
  const b = req.json;
  if (req.method === 'POST' && req.path.endsWith('/issues')) {
    if (typeof b?.title !== 'string' || !b.title || b.title.length > 255) return 'title is required, at most 255 characters';
    if (typeof b.description !== 'string' || typeof b.labels !== 'string') return 'description is a string, labels comma-separated';
  }
  if (req.path.endsWith('/notes') && (typeof b?.body !== 'string' || typeof b.internal !== 'boolean')) return 'body is required, internal a boolean';
  if (req.method === 'PUT' && !['close', 'reopen'].includes(b?.state_event)) return 'state_event is close or reopen';
  if (req.method === 'GET' && req.path.endsWith('/issues')) {
    if (!['opened', 'closed', 'all', null].includes(req.query.get('state'))) return 'state is opened, closed or all';
    if (req.query.has('in') && !/^(title|description)(,(title|description))?$/.test(req.query.get('in')!)) return 'in is title, description or both';
  }
  for (const n of ['page', 'per_page']) if (req.query.has(n) && !/^\d+$/.test(req.query.get(n)!)) return `${n} is a number`;
  if (Number(req.query.get('per_page') ?? 20) > 100) return 'per_page is at most 100';
  return null;
}

let vendor: FakeVendor;
let issues: Issue[];
const find = (p: string, iid: string) => issues.find((i) => i.project === decodeURIComponent(p) && i.iid === Number(iid));
const show = (i: Issue, status = 200) => ({ status, json: { iid: i.iid, state: i.state, web_url: `${vendor.url}/${i.project}/-/issues/${i.iid}` } });
const issueRoute = (method: string, rest: string, handle: (i: Issue, b: any) => void, status = 200): Route => [
  method,
  new RegExp(`${PROJECT.source}/issues/(\\d+)${rest}$`),
  ({ json }, [, p, iid]) => {
    const issue = find(p!, iid!);
    return issue ? (handle(issue, json), show(issue, status)) : { status: 404, json: { message: '404 Not found' } };
  },
];
const PROJECTS = Array.from({ length: 60 }, (_, n) => ({ id: 100 + n, path_with_namespace: `clients/client-${n}`, name_with_namespace: `Clients / Client ${n}` }));
/** The documented list parameters: `search` over the title or (with `in`) the description, `page` and `per_page`, the next page in x-next-page. */
const paged = <T>(all: T[], q: URLSearchParams) => {
  const per = Number(q.get('per_page') ?? 20);
  const page = Number(q.get('page') ?? 1);
  const next = page * per < all.length ? String(page + 1) : '';
  return { status: 200, json: all.slice((page - 1) * per, page * per), headers: { 'x-next-page': next, 'x-page': String(page) } };
};
const routes: Route[] = [
  ['GET', /^\/api\/v4\/projects\/acme%2Fbackups$/, () => ({ status: 200, json: { id: 17, path_with_namespace: 'acme/backups' } })],
  [
    'GET',
    /^\/api\/v4\/projects$/,
    ({ query }) => {
      const search = query.get('search')?.toLowerCase();
      return paged(PROJECTS.filter((p) => !search || p.path_with_namespace.includes(search)), query);
    },
  ],
  [
    'GET',
    new RegExp(`${PROJECT.source}/issues$`),
    ({ query }, [, p]) => {
      const search = query.get('search') ?? '';
      const fields = (query.get('in') ?? 'title,description').split(',') as ('title' | 'description')[];
      const state = query.get('state') ?? 'all';
      const found = issues.filter((i) => i.project === decodeURIComponent(p!) && (state === 'all' || i.state === state) && fields.some((f) => i[f].includes(search)));
      return paged(found.map((i) => ({ ...show(i).json, description: i.description })), query);
    },
  ],
  [
    'POST',
    new RegExp(`${PROJECT.source}/issues$`),
    ({ json }, [, p]) => {
      const issue: Issue = { project: decodeURIComponent(p!), iid: 7 + issues.length, state: 'opened', notes: [], ...json };
      issues.push(issue);
      return show(issue, 201);
    },
  ],
  issueRoute('GET', '', () => {}),
  issueRoute('POST', '/notes', (i, b) => i.notes.push(b), 201),
  issueRoute('PUT', '', (i) => (i.state = 'closed')),
];

beforeEach(async () => {
  issues = [];
  vendor = await startFakeVendor(routes, check);
});
afterEach(() => vendor.close());

const configure = (over: Record<string, unknown> = {}) => gitlabTicketing.config.parse({ url: vendor.url, token: TOKEN, project: 'acme/backups', ...over });
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
    expect(first.ok && first.items[0]).toEqual({ id: 'clients/client-0', name: 'Clients / Client 0' });
    const second = await projects.list(configure(), { search: null, page: '2', parent: null }, ctx);
    expect(second).toMatchObject({ ok: true, nextPage: null });
    expect(second.ok && second.items).toHaveLength(10);
    const searched = await projects.list(configure(), { search: 'client-5', page: null, parent: null }, ctx);
    expect(searched.ok && searched.items.map((p) => p.id)).toEqual(['clients/client-5', ...Array.from({ length: 10 }, (_, n) => `clients/client-5${n}`)]);
    expect(vendor.requests[0]!.query.get('membership')).toBe('true');
    expect(vendor.refused).toEqual([]);
  });

  it('names the setting a tenant does not have', async () => {
    expect(await settingProblems(gitlabTicketing, configure({ project: 'clients/client-59' }), ctx)).toEqual([]);
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
