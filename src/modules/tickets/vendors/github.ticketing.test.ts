import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelContext } from '../../../../test/helpers/channels.js';
import { type FakeVendor, type Route, startFakeVendor, type VendorRequest } from '../../../../test/helpers/fake-vendor.js';
import { ticketRequests } from '../../../../test/helpers/ticket-requests.js';
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
const routes: Route[] = [
  ['GET', /^\/repos\/acme\/backups$/, () => ({ status: 200, json: { full_name: 'acme/backups' } })],
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
    expect(issue!.body).toBe(`\`\`\`text\n${req.open.body}\n\`\`\`\n\n[Open the check in backwatch](https://backwatch.example.com/checks/42)`);

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

  it('verifies the token against the repository', async () => {
    expect(await githubTicketing.verify(configure(), ctx)).toMatchObject({ ok: true, status: 200 });
    expect(vendor.requests[0]).toMatchObject({ method: 'GET', path: '/repos/acme/backups' });
    expect(vendor.refused).toEqual([]);
  });
});
