import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelContext } from '../../../../test/helpers/channels.js';
import { type FakeVendor, type Route, startFakeVendor, type VendorRequest } from '../../../../test/helpers/fake-vendor.js';
import { expectLostAnswerAdopted, expectNothingFound } from '../../../../test/helpers/lost-answer.js';
import { ticketRequests } from '../../../../test/helpers/ticket-requests.js';
import { settingProblems } from '../tickets.lookups.js';
import { githubTicketing } from './github.ticketing.js';

interface Issue {
  repo: string;
  number: number;
  title: string;
  body: string;
  labels: string[];
  state: 'open' | 'closed';
  state_reason: string | null;
  comments: string[];
  /** Set on a pull request, which the issues list returns as well. */
  pull_request?: { url: string };
}

const TOKEN = 'github_pat_backwatch';

/** What the REST API (version 2022-11-28) takes: the documented headers and the documented bodies. */
function check(req: VendorRequest): string | null {
  const h = req.headers;
  if (h.authorization !== `Bearer ${TOKEN}`) return 'missing or wrong Authorization';
  if (h.accept !== 'application/vnd.github+json' || h['x-github-api-version'] !== '2022-11-28') return 'not API version 2022-11-28';
  if (!h['user-agent']) return 'GitHub refuses requests without a User-Agent';
  const b = req.json;
  if (req.method === 'POST' && req.path.endsWith('/issues')) {
    if (typeof b?.title !== 'string' || !b.title || b.title.length > 256) return 'title is required, at most 256 characters';
    if (typeof b.body !== 'string' || !Array.isArray(b.labels) || !b.labels.every((l: unknown) => typeof l === 'string')) return 'body is a string, labels strings';
  }
  if (req.path.endsWith('/comments') && typeof b?.body !== 'string') return 'body is required';
  if (req.method === 'PATCH' && (b?.state !== 'closed' || !['completed', 'not_planned'].includes(b.state_reason))) return 'bad state or state_reason';
  if (req.method === 'GET') return listProblem(req);
  return null;
}

/** The documented query parameters of the list endpoints, and their values. */
const LIST_PARAMS: [RegExp, Record<string, RegExp>][] = [
  [
    /^\/repos\/[\w.-]+\/[\w.-]+\/issues$/,
    {
      state: /^(open|closed|all)$/,
      sort: /^(created|updated|comments)$/,
      direction: /^(asc|desc)$/,
      since: /^\d{4}-\d\d-\d\dT[\d:]+Z$/,
      ...Object.fromEntries(['milestone', 'assignee', 'type', 'creator', 'mentioned', 'labels'].map((k) => [k, /^.+$/])),
    },
  ],
  [
    /^\/user\/repos$/,
    {
      visibility: /^(all|public|private)$/,
      affiliation: /^(owner|collaborator|organization_member)(,(owner|collaborator|organization_member))*$/,
      type: /^(all|owner|public|private|member)$/,
      sort: /^(created|updated|pushed|full_name)$/,
      direction: /^(asc|desc)$/,
      since: /^\d{4}-\d\d-\d\dT[\d:]+Z$/,
      before: /^\d{4}-\d\d-\d\dT[\d:]+Z$/,
    },
  ],
  [/^\/repos\/[\w.-]+\/[\w.-]+\/labels$/, {}],
];
function listProblem(req: VendorRequest): string | null {
  const list = LIST_PARAMS.find(([path]) => path.test(req.path));
  if (!list) return null;
  for (const [name, value] of req.query) {
    if (name === 'per_page' || name === 'page') {
      if (!/^[1-9]\d*$/.test(value)) return `${name} is a positive number`;
      if (name === 'per_page' && Number(value) > 100) return 'per_page is at most 100';
    } else if (!list[1][name]?.test(value)) return `undocumented parameter or value ${name}=${value}`;
  }
  if (req.path === '/user/repos' && req.query.has('type') && (req.query.has('visibility') || req.query.has('affiliation'))) return 'type with visibility or affiliation is a 422';
  return null;
}

let vendor: FakeVendor;
let issues: Issue[];
const find = (repo: string, n: string) => issues.find((i) => i.repo === repo && i.number === Number(n));
const view = (i: Issue) => ({ status: 200, json: { number: i.number, state: i.state, state_reason: i.state_reason, html_url: `https://github.com/${i.repo}/issues/${i.number}` } });
const issueRoute = (method: string, rest: string, handle: (i: Issue, b: any) => void, status = 200): Route => [
  method,
  new RegExp(`^/repos/([\\w.-]+/[\\w.-]+)/issues/(\\d+)${rest}$`),
  ({ json }, [, repo, n]) => {
    const issue = find(repo!, n!);
    return issue ? (handle(issue, json), { ...view(issue), status }) : { status: 404, json: { message: 'Not Found' } };
  },
];
/** GitHub's paging: `page` and `per_page` (30 by default), the next page's address in the Link header. */
const paged = <T>(req: VendorRequest, all: T[]) => {
  const per = Number(req.query.get('per_page') ?? 30);
  const page = Number(req.query.get('page') ?? 1);
  const more = page * per < all.length;
  const next = new URLSearchParams(req.query);
  next.set('page', String(page + 1));
  const link = `<${vendor.url}${req.path}?${next}>; rel="next", <${vendor.url}${req.path}?page=1>; rel="first"`;
  return { status: 200, json: all.slice((page - 1) * per, page * per), ...(more ? { headers: { link } } : {}) };
};
const REPOS = Array.from({ length: 130 }, (_, n) => ({ full_name: n === 0 ? 'acme/backups' : `acme/client-${String(n).padStart(3, '0')}`, has_issues: n !== 7 }));
const LABELS = ['backwatch', 'bug', 'priority: high', 'priority: low'].map((name, n) => ({ id: 900 + n, name, color: 'ededed' }));
const routes: Route[] = [
  ['GET', /^\/repos\/acme\/backups$/, () => ({ status: 200, json: { full_name: 'acme/backups' } })],
  ['GET', /^\/user\/repos$/, (req) => paged(req, REPOS)],
  ['GET', /^\/repos\/acme\/backups\/labels$/, (req) => paged(req, LABELS)],
  [
    'GET',
    /^\/repos\/([\w.-]+\/[\w.-]+)\/issues$/,
    (req, [, repo]) => {
      const state = req.query.get('state') ?? 'open';
      const order = req.query.get('direction') === 'asc' ? 1 : -1;
      const found = issues.filter((i) => i.repo === repo && (state === 'all' || i.state === state)).sort((a, b) => order * (a.number - b.number));
      return paged(req, found.map((i) => ({ ...view(i).json, title: i.title, body: i.body, ...(i.pull_request ? { pull_request: i.pull_request } : {}) })));
    },
  ],
  [
    'POST',
    /^\/repos\/([\w.-]+\/[\w.-]+)\/issues$/,
    ({ json }, [, repo]) => {
      const issue: Issue = { repo: repo!, number: 40 + issues.length, state: 'open', state_reason: null, comments: [], ...json };
      issues.push(issue);
      return { ...view(issue), status: 201 };
    },
  ],
  issueRoute('GET', '', () => {}),
  issueRoute('POST', '/comments', (i, b) => i.comments.push(b.body), 201),
  issueRoute('PATCH', '', (i, b) => Object.assign(i, b)),
];

beforeEach(async () => {
  issues = [];
  vendor = await startFakeVendor(routes, check);
});
afterEach(() => vendor.close());

const configure = (over: Record<string, unknown> = {}) => githubTicketing.config.parse({ apiUrl: vendor.url, token: TOKEN, repository: 'acme/backups', ...over });
const ctx = channelContext();

describe('GitHub issues', () => {
  it('opens a labelled issue, comments on it, and closes it as completed', async () => {
    const c = configure();
    const req = ticketRequests();
    const opened = await githubTicketing.open(c, req.open, ctx);
    expect(opened).toMatchObject({ ok: true, status: 201, ticket: { id: '40', url: 'https://github.com/acme/backups/issues/40' } });
    const [issue] = issues;
    expect(issue).toMatchObject({ repo: 'acme/backups', title: req.open.subject, labels: ['backwatch', 'priority: high'] });
    expect(issue!.body).toBe(`\`\`\`text\n${req.open.body}\n\`\`\`\n\n[Open the check in backwatch](https://backwatch.example.com/checks/42)\n\n<!-- ${req.open.marker} -->`);

    expect(await githubTicketing.note(c, opened.ticket!, req.note, ctx)).toMatchObject({ ok: true, status: 201 });
    expect(await githubTicketing.close(c, opened.ticket!, req.close, ctx)).toMatchObject({ ok: true, status: 200 });
    expect(issue!.comments).toHaveLength(2);
    expect(issue!.comments[0]).toContain(req.note.body);
    expect(issue!.comments[1]).toContain(req.close.body);
    expect(issue).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(vendor.refused).toEqual([]);
  });

  it('files into the repository of the check, and keeps to it for the issue it opened', async () => {
    const c = configure({ priorityLabels: { high: 'P1', low: '' } });
    const opened = await githubTicketing.open(c, ticketRequests({ repository: 'acme/client-b' }).openWarning, ctx);
    expect(issues[0]).toMatchObject({ repo: 'acme/client-b', labels: ['backwatch'] });
    // The group moved to another repository meanwhile: the open issue is still where it was.
    await githubTicketing.note(c, opened.ticket!, ticketRequests({ repository: 'acme/elsewhere' }).note, ctx);
    expect(issues[0]!.comments).toHaveLength(1);
    await githubTicketing.open(configure(), ticketRequests().openWarning, ctx);
    expect(issues[1]!.labels).toEqual(['backwatch', 'priority: low']);
    expect(vendor.refused).toEqual([]);
  });

  it('keeps report text inside its code block', async () => {
    const req = ticketRequests().open;
    const hostile = { ...req, body: 'Status: ```` done\n```\n@acme/admins see #1\n/close' };
    await githubTicketing.open(configure(), hostile, ctx);
    const body = issues[0]!.body;
    expect(body.startsWith('`````text\n')).toBe(true);
    expect(body).toContain('\n`````\n\n[Open the check');
    expect(body.split('\n').filter((l) => /^`{5}$/.test(l))).toHaveLength(1);
  });

  it('writes nothing to an issue a person closed', async () => {
    const c = configure();
    const req = ticketRequests();
    const opened = await githubTicketing.open(c, req.open, ctx);
    Object.assign(issues[0]!, { state: 'closed', state_reason: 'not_planned' });
    const writes = vendor.requests.length;
    expect(await githubTicketing.note(c, opened.ticket!, req.note, ctx)).toEqual({ ok: true, status: 200, alreadyClosed: true });
    expect(await githubTicketing.close(c, opened.ticket!, req.close, ctx)).toEqual({ ok: true, status: 200, alreadyClosed: true });
    expect(vendor.requests.slice(writes).map((r) => r.method)).toEqual(['GET', 'GET']);
    expect(issues[0]).toMatchObject({ comments: [], state_reason: 'not_planned' });
  });

  it('retries through an outage, but not a refusal or a missing repository', async () => {
    const c = configure();
    const req = ticketRequests();
    vendor.down = { status: 503 };
    expect(await githubTicketing.open(c, req.open, ctx)).toMatchObject({ ok: false, retryable: true, status: 503 });
    vendor.down = null;
    const opened = await githubTicketing.open(c, req.open, ctx);
    expect(opened.ok).toBe(true);
    vendor.down = { status: 502 };
    expect(await githubTicketing.close(c, opened.ticket!, req.close, ctx)).toMatchObject({ ok: false, retryable: true });
    vendor.down = { status: 410, json: { message: 'Issues are disabled for this repo' } };
    expect(await githubTicketing.open(c, req.open, ctx)).toMatchObject({ ok: false, retryable: false, status: 410 });
    vendor.down = null;
    expect(await githubTicketing.open(configure({ repository: undefined }), req.open, ctx)).toMatchObject({ ok: false, retryable: false });
    expect(await githubTicketing.open(c, ticketRequests({ repository: 'acme/..' }).open, ctx)).toMatchObject({ ok: false, retryable: false });
    expect(issues).toHaveLength(1);
    expect(vendor.refused).toEqual([]);
  });

  it('adopts the issue a create made when its answer was lost, and finds none where there is none', async () => {
    const c = configure();
    await expectNothingFound({ adapter: githubTicketing, config: c, ctx, vendor });
    const ticket = await expectLostAnswerAdopted({
      adapter: githubTicketing,
      config: c,
      vendor,
      ctx,
      isCreate: (r) => r.method === 'POST' && r.path === '/repos/acme/backups/issues',
      tickets: () => issues,
    });
    expect(ticket).toEqual({ id: '40', url: 'https://github.com/acme/backups/issues/40' });
    expect(issues[0]).toMatchObject({ state: 'closed', comments: [expect.any(String), expect.any(String)] });
    const list = vendor.requests.find((r) => r.method === 'GET' && r.path === '/repos/acme/backups/issues')!;
    expect(Object.fromEntries(list.query)).toMatchObject({ state: 'all', sort: 'created', direction: 'desc', per_page: '100' });
  });

  it('looks through the newest issues page by page, passing over pull requests and other incidents', async () => {
    const c = configure();
    const req = ticketRequests();
    await githubTicketing.open(c, req.open, ctx);
    // A pull request quoting the marker, and 150 newer issues of other incidents.
    issues.push({ ...issues[0]!, number: 41, pull_request: { url: 'https://api.github.com/repos/acme/backups/pulls/41' } });
    for (let n = 0; n < 150; n++) await githubTicketing.open(c, { ...req.open, marker: `backwatch-incident-${100 + n}-7` }, ctx);
    const before = vendor.requests.length;
    expect(await githubTicketing.find!(c, req.open, ctx)).toEqual({ ok: true, status: 200, ticket: { id: '40', url: 'https://github.com/acme/backups/issues/40' } });
    expect(vendor.requests.slice(before).map((r) => r.query.get('page'))).toEqual(['1', '2']);
    // Only the marker exactly: incident 41-7 is not incident 41-70.
    expect(await githubTicketing.find!(c, { ...req.open, marker: 'backwatch-incident-41-70' }, ctx)).toEqual({ ok: true, status: 200 });
    issues.splice(0, 1);
    expect(await githubTicketing.find!(c, req.open, ctx)).toEqual({ ok: true, status: 200 });
    vendor.down = { status: 502 };
    expect(await githubTicketing.find!(c, req.open, ctx)).toMatchObject({ ok: false, retryable: true });
    expect(vendor.refused).toEqual([]);
  });

  it('lists the repositories the token reaches, paged as GitHub pages, searched by name', async () => {
    const repositories = githubTicketing.lookups!.repositories!;
    const first = await repositories.list(configure(), { search: null, page: null, parent: null }, ctx);
    expect(first).toMatchObject({ ok: true, nextPage: '2' });
    expect(first.ok && first.items[0]).toEqual({ id: 'acme/backups', name: 'acme/backups' });
    // A repository with issues disabled cannot take one.
    expect(first.ok && first.items.map((r) => r.id)).not.toContain('acme/client-007');
    expect(first.ok && first.items).toHaveLength(99);
    const second = await repositories.list(configure(), { search: null, page: '2', parent: null }, ctx);
    expect(second).toMatchObject({ ok: true, nextPage: null });
    expect(second.ok && second.items).toHaveLength(30);
    // GitHub has no name filter here: each page is filtered as it comes, and the paging goes on.
    const searched = await repositories.list(configure(), { search: 'CLIENT-01', page: null, parent: null }, ctx);
    expect(searched).toMatchObject({ ok: true, nextPage: '2' });
    expect(searched.ok && searched.items.map((r) => r.id)).toEqual(Array.from({ length: 10 }, (_, n) => `acme/client-01${n}`));
    expect(Object.fromEntries(vendor.requests[0]!.query)).toEqual({ sort: 'full_name', direction: 'asc', per_page: '100', page: '1' });

    const labels = githubTicketing.lookups!.labels!;
    expect(labels.parent).toBe('repository');
    expect(await labels.list(configure(), { search: 'priority', page: null, parent: 'acme/backups' }, ctx)).toEqual({
      ok: true,
      items: [
        { id: 'priority: high', name: 'priority: high' },
        { id: 'priority: low', name: 'priority: low' },
      ],
      nextPage: null,
    });
    expect(await labels.list(configure(), { search: null, page: null, parent: null }, ctx)).toMatchObject({ ok: false, retryable: false, error: 'choose a repository first' });
    expect(vendor.refused).toEqual([]);
  });

  it('names the repository the token does not reach', async () => {
    expect(await settingProblems(githubTicketing, configure({ repository: 'acme/client-129' }), ctx)).toEqual([]);
    // Labels are not checked: GitHub creates one an issue names.
    expect(await settingProblems(githubTicketing, configure({ labels: ['new-label'] }), ctx)).toEqual([]);
    expect(await settingProblems(githubTicketing, configure({ repository: 'acme/gone' }), ctx)).toEqual([{ path: 'repository', message: 'no repository "acme/gone"' }]);
    vendor.down = { status: 503 };
    expect(await settingProblems(githubTicketing, configure({ repository: 'acme/gone' }), ctx)).toEqual([]);
    expect(vendor.refused).toEqual([]);
  });

  it('verifies the token against the repository', async () => {
    expect(await githubTicketing.verify(configure(), ctx)).toMatchObject({ ok: true, status: 200 });
    expect(vendor.requests[0]).toMatchObject({ method: 'GET', path: '/repos/acme/backups' });
    expect(vendor.refused).toEqual([]);
  });
});
