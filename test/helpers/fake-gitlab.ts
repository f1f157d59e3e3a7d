import { type FakeVendor, type Route, startFakeVendor, type VendorRequest } from './fake-vendor.js';

export interface Issue {
  project: string;
  iid: number;
  title: string;
  description: string;
  labels: string;
  state: 'opened' | 'closed';
  notes: { body: string; internal: boolean }[];
}

export const GITLAB_TOKEN = 'glpat-backwatch';
// Projects by URL-encoded path, as the API takes them.
const PROJECT = /^\/api\/v4\/projects\/(\d+|[\w.-]+(?:%2F[\w.-]+)+)/;

/** What the Issues and Notes APIs (v4) take: the PRIVATE-TOKEN header, encoded project paths, the documented bodies. */
function check(req: VendorRequest): string | null {
  if (req.headers['private-token'] !== GITLAB_TOKEN) return 'missing or wrong PRIVATE-TOKEN';
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

export interface FakeGitLab {
  vendor: FakeVendor;
  /** The issues it holds, in the order they were created. */
  issues: Issue[];
}

/** GitLab's Issues, Notes and Projects APIs (v4), as much as the integration uses, refusing what the documentation does not describe. */
export async function startFakeGitLab(): Promise<FakeGitLab> {
  const issues: Issue[] = [];
  let vendor: FakeVendor;
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
  // Sorted by name, as asked: acme/backups first, then 59 clients.
  const PROJECTS = [{ id: 17, path_with_namespace: 'acme/backups', name_with_namespace: 'Acme / Backups' }, ...Array.from({ length: 59 }, (_, n) => ({ id: 100 + n, path_with_namespace: `clients/client-${n}`, name_with_namespace: `Clients / Client ${n}` }))];
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
  vendor = await startFakeVendor(routes, check);
  return { vendor, issues };
}
