import { z } from 'zod';
import { sendHttp } from '../../alerts/channels/channel.http.js';
import { checkLink, truncate } from '../../alerts/channels/channel.text.js';
import type { ChannelContext } from '../../alerts/channels/channel.types.js';
import { type LookupPage, type LookupQuery, type TicketingAdapter, type TicketRef, type TicketRequest, ticketingCommon } from '../tickets.types.js';
import { baseUrl, callVendor, refusal, type TicketState, unlessClosed } from './vendor.http.js';
import { byName, pageNumber } from '../tickets.lookups.js';

/**
 * The ticket text as Markdown that shows it exactly as written: inside a code
 * fence longer than any run of backticks in it, report text can neither close
 * the fence nor mention people, reference issues or run quick actions. The
 * check's link follows, outside, so it stays clickable.
 */
export function markdownBody(req: TicketRequest, max: number): string {
  const text = truncate(req.body, max - 200);
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const link = checkLink(req.view);
  return `${fence}text\n${text}\n${fence}${link && /^https?:\/\/[^\s<>()]+$/.test(link) ? `\n\n[Open the check in backwatch](${link})` : ''}`;
}

// A repository may be named ".github", but never "." or "..", which would climb out of the API path.
const repository = z.string().regex(/^[\w-]+\/(?!\.\.?$)[\w.-]+$/, 'owner/repo');
const label = z.string().max(50);

const config = ticketingCommon.extend({
  /** https://api.github.com, or https://<host>/api/v3 for GitHub Enterprise Server. */
  apiUrl: z.url({ protocol: /^https?$/ }).default('https://api.github.com'),
  /** A fine-grained token with Issues read and write on the repositories (or a classic one with repo). */
  token: z.string().min(1),
  /** Where issues go when the check and its group name no `repository`. */
  repository: repository.optional(),
  labels: z.array(label.min(1)).default(['backwatch']),
  /** Added to the labels by the ticket's priority; an empty one adds none. */
  priorityLabels: z.object({ high: label.default('priority: high'), low: label.default('priority: low') }).default({ high: 'priority: high', low: 'priority: low' }),
});

type GitHubConfig = z.infer<typeof config>;

const LIMITS = { title: 256, body: 65_536 } as const;

const api = (c: GitHubConfig, path: string) => `${baseUrl(c.apiUrl)}${path}`;
const headers = (c: GitHubConfig) => ({
  authorization: `Bearer ${c.token}`,
  accept: 'application/vnd.github+json',
  'x-github-api-version': '2022-11-28',
  'user-agent': 'backwatch',
});

/**
 * The issue's repository: read from its page address, so a ticket stays where it
 * was opened when the group's `repository` changes later; else the check's, else the channel's.
 */
function repositoryOf(c: GitHubConfig, req: TicketRequest, ticket?: TicketRef): string | undefined {
  const page = ticket?.url?.match(/\/([\w-]+\/[\w.-]+)\/issues\/\d+$/)?.[1];
  return page ?? (req.fields.repository || c.repository);
}

function issuePath(c: GitHubConfig, req: TicketRequest, ticket: TicketRef) {
  const repo = repositoryOf(c, req, ticket);
  if (!repo || !repository.safeParse(repo).success || !/^\d+$/.test(ticket.id)) return null;
  return `/repos/${repo}/issues/${ticket.id}`;
}

async function fetchState(c: GitHubConfig, path: string, ctx: ChannelContext): Promise<TicketState> {
  const got = await callVendor(ctx, { method: 'GET', url: api(c, path), headers: headers(c) });
  if (!got.ok) return got;
  const state: unknown = got.json?.state;
  if (state !== 'open' && state !== 'closed') return refusal('unexpected answer: the issue has no state', got.status);
  return { ok: true, status: got.status, closed: state === 'closed' };
}

const comment = (c: GitHubConfig, path: string, req: TicketRequest, ctx: ChannelContext) =>
  sendHttp(ctx, { method: 'POST', url: api(c, `${path}/comments`), headers: { ...headers(c), 'content-type': 'application/json' }, body: JSON.stringify({ body: markdownBody(req, LIMITS.body) }) });

/** Comments on the issue (and closes it as completed) unless a person closed it. */
function write(c: GitHubConfig, ticket: TicketRef, req: TicketRequest, ctx: ChannelContext, close: boolean) {
  const path = issuePath(c, req, ticket);
  if (!path) return Promise.resolve(refusal(`cannot tell the repository and number of issue ${ticket.id} (${ticket.url ?? 'no address'})`));
  const resolve = () =>
    sendHttp(ctx, { method: 'PATCH', url: api(c, path), headers: { ...headers(c), 'content-type': 'application/json' }, body: JSON.stringify({ state: 'closed', state_reason: 'completed' }) });
  return unlessClosed(fetchState(c, path, ctx), () => comment(c, path, req, ctx), ...(close ? [resolve] : []));
}

/** The marker as an HTML comment: GitHub keeps it in the body and does not show it. */
const withMarker = (body: string, req: TicketRequest) => `${body}\n\n<!-- ${req.marker} -->`;
const MARKER_ROOM = 100;

/**
 * How far `find` looks: the repository's newest issues, a page of 100 at a time. The search API
 * (GET /search/issues) would find the marker at once, but GitHub documents it as an index that can
 * lag behind a create, and a lost answer is looked for seconds after the create.
 */
const FIND_PAGES = 3;
const PER_PAGE = 100;

/** The page number of rel="next" in GitHub's Link header; null on the last page. */
function nextPage(headers: Record<string, string | string[] | undefined>): string | null {
  const link = headers.link;
  const text = Array.isArray(link) ? link.join(', ') : (link ?? '');
  for (const part of text.split(',')) {
    const m = part.match(/<([^>]+)>\s*;\s*rel="next"/);
    if (!m) continue;
    const page = new URL(m[1]!, 'https://api.github.com').searchParams.get('page');
    return page && /^\d+$/.test(page) ? page : null;
  }
  return null;
}

// GitHub lists repositories and labels without a name filter: the fetched page is filtered here.
async function listed(c: GitHubConfig, ctx: ChannelContext, step: string, path: string, q: LookupQuery, item: (x: any) => { id: string; name: string } | null): Promise<LookupPage> {
  const got = await callVendor(ctx, { step, method: 'GET', url: api(c, `${path}${path.includes('?') ? '&' : '?'}per_page=${PER_PAGE}&page=${pageNumber(q)}`), headers: headers(c) });
  if (!got.ok) return got;
  const items = (Array.isArray(got.json) ? got.json : []).map(item).filter((i): i is { id: string; name: string } => i !== null);
  return { ok: true, items: byName(items, q.search), nextPage: nextPage(got.headers) };
}

export const githubTicketing: TicketingAdapter<GitHubConfig> = {
  type: 'github',
  kind: 'ticketing',
  config,
  secrets: ['token'],
  fields: ['repository'],

  async open(c, req, ctx) {
    const repo = repositoryOf(c, req);
    if (!repo) return refusal('no GitHub repository: set repository on the check, its group or the channel');
    if (!repository.safeParse(repo).success) return refusal(`repository "${repo}" is not owner/repo`);
    const priorityLabel = c.priorityLabels[req.priority];
    const labels = [...c.labels, ...(priorityLabel ? [priorityLabel] : [])];
    const payload = { title: truncate(req.subject, LIMITS.title), body: withMarker(markdownBody(req, LIMITS.body - MARKER_ROOM), req), labels };
    const created = await callVendor(ctx, { method: 'POST', url: api(c, `/repos/${repo}/issues`), headers: headers(c), json: payload });
    if (!created.ok) return created;
    const { number, html_url: url } = created.json ?? {};
    if (!Number.isInteger(number)) return refusal('unexpected answer: the new issue has no number', created.status);
    return { ok: true, status: created.status, ticket: { id: String(number), url: typeof url === 'string' ? url : null } };
  },

  markerIn: 'a hidden HTML comment at the end of the issue body',
  async find(c, req, ctx) {
    const repo = repositoryOf(c, req);
    if (!repo || !repository.safeParse(repo).success) return { ok: true };
    let status: number | undefined;
    for (let page = 1; page <= FIND_PAGES; page++) {
      const query = `state=all&sort=created&direction=desc&per_page=${PER_PAGE}&page=${page}`;
      const got = await callVendor(ctx, { step: 'GitHub issues', method: 'GET', url: api(c, `/repos/${repo}/issues?${query}`), headers: headers(c) });
      if (!got.ok) return got;
      status = got.status;
      const list: any[] = Array.isArray(got.json) ? got.json : [];
      // The list holds pull requests too; only an issue's body can carry our marker.
      const issue = list.find((i) => !i?.pull_request && Number.isInteger(i?.number) && typeof i.body === 'string' && i.body.includes(`<!-- ${req.marker} -->`));
      if (issue) return { ok: true, status, ticket: { id: String(issue.number), url: typeof issue.html_url === 'string' ? issue.html_url : null } };
      if (!nextPage(got.headers)) break;
    }
    return { ok: true, ...(status ? { status } : {}) };
  },

  lookups: {
    repositories: {
      noun: 'repository',
      config: ['repository'],
      fields: ['repository'],
      list: (c, q, ctx) =>
        listed(c, ctx, 'GitHub repositories', '/user/repos?sort=full_name&direction=asc', q, (r) =>
          typeof r?.full_name === 'string' && r.has_issues !== false ? { id: r.full_name, name: r.full_name } : null,
        ),
    },
    // GitHub creates a label an issue names that the repository does not have yet, so a label
    // setting is never wrong: the list helps choose, and checks nothing (no `config`).
    labels: {
      noun: 'label',
      parent: 'repository',
      list(c, q, ctx) {
        if (!q.parent) return Promise.resolve(refusal('choose a repository first'));
        if (!repository.safeParse(q.parent).success) return Promise.resolve(refusal(`repository "${q.parent}" is not owner/repo`));
        return listed(c, ctx, 'GitHub labels', `/repos/${q.parent}/labels`, q, (l) => (typeof l?.name === 'string' ? { id: l.name, name: l.name } : null));
      },
    },
  },

  note: (c, ticket, req, ctx) => write(c, ticket, req, ctx, false),
  close: (c, ticket, req, ctx) => write(c, ticket, req, ctx, true),

  // The repository when there is one (it proves access to it); else the token's own user.
  verify: (c, ctx) => sendHttp(ctx, { method: 'GET', url: api(c, c.repository ? `/repos/${c.repository}` : '/user'), headers: headers(c) }),
};
