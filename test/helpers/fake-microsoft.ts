// The Microsoft identity platform and Microsoft Graph's To Do API, as far as backwatch uses them, from:
// https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code
// https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow#refresh-the-access-token
// https://datatracker.ietf.org/doc/html/rfc8628#section-3.5 (slow_down)
// https://learn.microsoft.com/graph/api/user-get
// https://learn.microsoft.com/graph/api/todotasklist-get
// https://learn.microsoft.com/graph/api/todotasklist-post-tasks
// https://learn.microsoft.com/graph/api/todotask-get
// https://learn.microsoft.com/graph/api/todotask-update
// https://learn.microsoft.com/graph/api/resources/todotask
// https://learn.microsoft.com/graph/errors
import type { Clock } from '../../src/shared/clock.js';
import { type FakeVendor, type Route, startFakeVendor, type VendorAnswer, type VendorRequest } from './fake-vendor.js';

export const CLIENT_ID = '3f1c2a5e-8d4b-4c6a-9e7f-0a1b2c3d4e5f';
export const TENANT = 'organizations';
export const LIST_ID = 'AAMkADIyAAAAABrJAAA=';
export const OTHER_LIST_ID = 'AQMkADAwATM0MDAAMS0yMDkyLWVjMzYtM';
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const TOKEN_SECONDS = 3600;

export interface Task {
  id: string;
  listId: string;
  title: string;
  body: { content: string; contentType: 'text' | 'html' };
  importance: string;
  status: string;
  linkedResources: { webUrl: string; applicationName: string; displayName: string }[];
}

interface SignIn {
  userCode: string;
  state: 'pending' | 'approved' | 'declined';
  account: string;
  expiresAt: number;
  lastPollAt: number;
}

export interface FakeMicrosoft {
  login: FakeVendor;
  graph: FakeVendor;
  loginUrl: string;
  apiUrl: string;
  tasks: Task[];
  /** Refresh tokens the service still honours, and whose they are. */
  refreshTokens: Map<string, string>;
  /** Access tokens and when each runs out (by the test's clock). */
  accessTokens: Map<string, { account: string; expiresAt: number }>;
  /** The old refresh token stops working once a refresh rotated it (the RFC allows either; Microsoft keeps it). */
  revokeRotated: boolean;
  approve(userCode: string, account?: string): void;
  decline(userCode: string): void;
  /** The account's sessions are revoked (AADSTS50173): every token it holds stops working. */
  revokeAll(): void;
  /** Refresh requests answered so far. */
  refreshes: number;
  close(): Promise<void>;
}

const oauthError = (error: string, code: number, text: string): VendorAnswer => ({
  status: 400,
  json: {
    error,
    error_description: `AADSTS${code}: ${text}\r\nTrace ID: 0000aaaa-11bb-cccc-dd22-eeeeee333333\r\nCorrelation ID: aaaa0000-bb11-2222-33cc-444444dddddd\r\nTimestamp: 2026-11-20 12:00:00Z`,
    error_codes: [code],
    timestamp: '2026-11-20 12:00:00Z',
    trace_id: '0000aaaa-11bb-cccc-dd22-eeeeee333333',
    correlation_id: 'aaaa0000-bb11-2222-33cc-444444dddddd',
  },
});
const unknownClient = (id: string) => oauthError('unauthorized_client', 700016, `Application with identifier '${id}' was not found in the directory 'Acme'.`);
const graphError = (status: number, code: string, message: string): VendorAnswer => ({ status, json: { error: { code, message, innerError: { 'request-id': 'r-1', date: '2026-11-20T12:00:00' } } } });

/** The identity platform takes forms from a public client: its id, no secret, and each grant's own fields. */
function checkLogin(req: VendorRequest): string | null {
  if (!req.path.startsWith(`/${TENANT}/oauth2/v2.0/`)) return 'not the tenant the channel names';
  if (req.method !== 'POST' || !req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) return 'the endpoints take url-encoded POSTs';
  const f = req.json ?? {};
  if (!/^[0-9a-f-]{36}$/i.test(String(f.client_id))) return 'client_id is the application (client) id';
  if ('client_secret' in f || 'client_assertion' in f) return 'a public client sends no secret';
  if (req.path.endsWith('/devicecode')) {
    const scopes = String(f.scope ?? '').split(' ');
    return ['Tasks.ReadWrite', 'offline_access', 'User.Read'].every((s) => scopes.includes(s)) ? null : 'scope lacks Tasks.ReadWrite, offline_access or User.Read';
  }
  if (f.grant_type === DEVICE_GRANT) return f.device_code ? null : 'device_code is required';
  if (f.grant_type === 'refresh_token') return f.refresh_token ? null : 'refresh_token is required';
  return `grant_type ${f.grant_type} is not one backwatch should use`;
}

const TASK_FIELDS = new Set(['title', 'body', 'importance', 'status', 'linkedResources', 'categories', 'dueDateTime', 'isReminderOn', 'reminderDateTime', 'startDateTime', 'recurrence', 'completedDateTime']);
const STATUSES = ['notStarted', 'inProgress', 'completed', 'waitingOnOthers', 'deferred'];

// Graph's collection reads:
// https://learn.microsoft.com/graph/api/todo-list-lists (GET /me/todo/lists)
// https://learn.microsoft.com/graph/api/todotasklist-list-tasks (GET /me/todo/lists/{id}/tasks)
// https://learn.microsoft.com/graph/api/resources/linkedresource (externalId: the item's id in the partner application)
// https://learn.microsoft.com/graph/paging (@odata.nextLink, an opaque $skiptoken)
// A linked resource is a navigation property: a task carries its linked resources only with $expand=linkedResources.
export const LISTS = [
  { id: LIST_ID, displayName: 'Backups' },
  { id: OTHER_LIST_ID, displayName: 'Acme backups' },
  ...Array.from({ length: 58 }, (_, n) => ({ id: `AAMkList${n}AAA=`, displayName: `Client ${n}` })),
];
const COLLECTION_PARAMS: [RegExp, string[]][] = [
  [/^\/v1\.0\/me\/todo\/lists$/, ['$top', '$skiptoken']],
  [/^\/v1\.0\/me\/todo\/lists\/[^/]+\/tasks$/, ['$top', '$skiptoken', '$expand']],
];
/** The query of a GET: only a collection read takes one, with its documented parameters. */
function checkQuery(req: VendorRequest): string | null {
  const params = COLLECTION_PARAMS.find(([path]) => path.test(req.path))?.[1] ?? [];
  const unknown = [...req.query.keys()].filter((k) => !params.includes(k));
  if (unknown.length) return `not a query parameter here: ${unknown.join(', ')}`;
  if (req.query.has('$top') && !/^[1-9]\d{0,2}$/.test(req.query.get('$top')!)) return '$top is a positive integer';
  if (req.query.has('$expand') && req.query.get('$expand') !== 'linkedResources') return 'a task expands linkedResources only';
  if (req.query.has('$skiptoken') && !/^st-\d+$/.test(req.query.get('$skiptoken')!)) return 'not a $skiptoken Graph gave';
  return null;
}
/** A page of a collection, and the next one's link as Graph gives it (only when $top was given, as Graph does for lists). */
function page<T>(all: T[], req: VendorRequest, url: string) {
  const top = Number(req.query.get('$top') ?? 10);
  const from = Number(req.query.get('$skiptoken')?.slice(3) ?? 0);
  const next = req.query.has('$top') && from + top < all.length ? `${url}${req.path}?$top=${top}&$skiptoken=st-${from + top}` : undefined;
  return { status: 200, json: { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata', value: all.slice(from, from + top), ...(next ? { '@odata.nextLink': next } : {}) } };
}

/** Graph wants a bearer token on every request, and JSON todoTask properties in the documented forms. */
function checkGraph(req: VendorRequest): string | null {
  if (!/^Bearer \S+$/.test(String(req.headers.authorization))) return 'Authorization: Bearer {token} is required';
  if (req.method === 'GET') return req.body ? 'a GET takes no body' : checkQuery(req);
  if (!req.headers['content-type']?.startsWith('application/json')) return 'Content-Type: application/json is required';
  const b = req.json ?? {};
  const unknown = Object.keys(b).filter((k) => !TASK_FIELDS.has(k));
  if (unknown.length) return `not todoTask properties: ${unknown.join(', ')}`;
  if (b.importance !== undefined && !['low', 'normal', 'high'].includes(b.importance)) return 'importance is low, normal or high';
  if (b.status !== undefined && !STATUSES.includes(b.status)) return 'not a taskStatus';
  if (b.body !== undefined && (typeof b.body.content !== 'string' || !['text', 'html'].includes(b.body.contentType))) return 'body is an itemBody';
  if (req.method === 'POST') {
    if (typeof b.title !== 'string' || !b.title) return 'title is required';
    const links = b.linkedResources ?? [];
    if (!Array.isArray(links) || !links.every((l: any) => typeof l.webUrl === 'string' && typeof l.applicationName === 'string' && typeof l.displayName === 'string')) return 'linkedResources need webUrl, applicationName, displayName';
  }
  // "Note that only HTML type is supported" when a task's body is updated.
  if (req.method === 'PATCH' && b.body !== undefined && b.body.contentType !== 'html') return 'an update takes the body as HTML only';
  return null;
}

export async function startFakeMicrosoft(clock: Clock): Promise<FakeMicrosoft> {
  const now = () => clock.now().getTime();
  const signIns = new Map<string, SignIn>();
  let n = 0;
  const ms: FakeMicrosoft = {
    login: null!,
    graph: null!,
    loginUrl: '',
    apiUrl: '',
    tasks: [],
    refreshTokens: new Map(),
    accessTokens: new Map(),
    revokeRotated: true,
    refreshes: 0,
    approve: (userCode, account = 'ops@acme.example') => Object.assign([...signIns.values()].find((s) => s.userCode === userCode)!, { state: 'approved', account }),
    decline: (userCode) => Object.assign([...signIns.values()].find((s) => s.userCode === userCode)!, { state: 'declined' }),
    revokeAll: () => (ms.refreshTokens.clear(), ms.accessTokens.clear()),
    close: async () => void (await Promise.all([ms.login.close(), ms.graph.close()])),
  };
  const issue = (account: string) => {
    const refresh = `rt-${++n}-${account}`;
    const access = `at-${n}`;
    ms.refreshTokens.set(refresh, account);
    ms.accessTokens.set(access, { account, expiresAt: now() + TOKEN_SECONDS * 1000 });
    return { token_type: 'Bearer', scope: 'Tasks.ReadWrite User.Read', expires_in: TOKEN_SECONDS, ext_expires_in: TOKEN_SECONDS, access_token: access, refresh_token: refresh };
  };

  const loginRoutes: Route[] = [
    [
      'POST',
      /\/oauth2\/v2\.0\/devicecode$/,
      ({ json: f }) => {
        if (f.client_id !== CLIENT_ID) return unknownClient(f.client_id);
        const device = `dc-${++n}`;
        const userCode = `CODE${n}`;
        signIns.set(device, { userCode, state: 'pending', account: '', expiresAt: now() + 900_000, lastPollAt: 0 });
        const message = `To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code ${userCode} to authenticate.`;
        return { status: 200, json: { user_code: userCode, device_code: device, verification_uri: 'https://microsoft.com/devicelogin', expires_in: 900, interval: 5, message } };
      },
    ],
    [
      'POST',
      /\/oauth2\/v2\.0\/token$/,
      ({ json: f }) => {
        if (f.client_id !== CLIENT_ID) return unknownClient(f.client_id);
        if (f.grant_type === 'refresh_token') {
          ms.refreshes++;
          const account = ms.refreshTokens.get(f.refresh_token);
          if (!account) return oauthError('invalid_grant', 50173, "The provided grant has expired due to it being revoked, a fresh auth token is needed.");
          if (ms.revokeRotated) ms.refreshTokens.delete(f.refresh_token);
          return { status: 200, json: issue(account) };
        }
        const signIn = signIns.get(f.device_code);
        if (!signIn) return oauthError('bad_verification_code', 70019, 'Verification code expired or not recognized.');
        if (now() > signIn.expiresAt) return oauthError('expired_token', 70020, 'The provided value for the input parameter device_code is expired.');
        if (now() - signIn.lastPollAt < 5000) return oauthError('slow_down', 70025, 'The client is polling too often.');
        signIn.lastPollAt = now();
        if (signIn.state === 'declined') return oauthError('authorization_declined', 70000, 'The user declined the request.');
        if (signIn.state === 'pending') return oauthError('authorization_pending', 70016, 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.');
        signIns.delete(f.device_code);
        return { status: 200, json: issue(signIn.account) };
      },
    ],
  ];

  /** Graph refuses a token it never issued, or one that ran out. */
  const authed =
    (handle: (req: VendorRequest, m: RegExpMatchArray, account: string) => VendorAnswer) =>
    (req: VendorRequest, m: RegExpMatchArray): VendorAnswer => {
      const token = ms.accessTokens.get(String(req.headers.authorization).slice('Bearer '.length));
      if (!token || token.expiresAt <= now()) return graphError(401, 'InvalidAuthenticationToken', 'Access token has expired or is not yet valid.');
      return handle(req, m, token.account);
    };
  const lists = new Set(LISTS.map((l) => l.id));
  const task = (m: RegExpMatchArray) => ms.tasks.find((t) => t.listId === decodeURIComponent(m[1]!) && t.id === decodeURIComponent(m[2]!));
  const notFound = graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
  const TASK = /^\/v1\.0\/me\/todo\/lists\/([^/]+)\/tasks\/([^/]+)$/;
  const graphRoutes: Route[] = [
    ['GET', /^\/v1\.0\/me$/, authed((_r, _m, account) => ({ status: 200, json: { id: 'u-1', displayName: 'Backup Operations', userPrincipalName: account, mail: account } }))],
    ['GET', /^\/v1\.0\/me\/todo\/lists\/([^/]+)$/, authed((_r, m) => (lists.has(decodeURIComponent(m[1]!)) ? { status: 200, json: { id: decodeURIComponent(m[1]!), displayName: 'Backups' } } : notFound))],
    [
      'POST',
      /^\/v1\.0\/me\/todo\/lists\/([^/]+)\/tasks$/,
      authed(({ json }, m) => {
        const listId = decodeURIComponent(m[1]!);
        if (!lists.has(listId)) return notFound;
        const created: Task = { id: `AlMKXwbQ${ms.tasks.length}Jws6wc/AAA=`, listId, status: 'notStarted', importance: 'normal', linkedResources: [], body: { content: '', contentType: 'text' }, ...json };
        ms.tasks.push(created);
        return { status: 201, json: created };
      }),
    ],
    ['GET', TASK, authed((_r, m) => (task(m) ? { status: 200, json: task(m) } : notFound))],
    ['GET', /^\/v1\.0\/me\/todo\/lists$/, authed((req) => page(LISTS, req, ms.graph.url))],
    [
      'GET',
      /^\/v1\.0\/me\/todo\/lists\/([^/]+)\/tasks$/,
      authed((req, m) => {
        const listId = decodeURIComponent(m[1]!);
        if (!lists.has(listId)) return notFound;
        const tasks = ms.tasks.filter((t) => t.listId === listId).map(({ linkedResources, listId: _, ...t }) => (req.query.get('$expand') === 'linkedResources' ? { ...t, linkedResources } : t));
        return page(tasks, req, ms.graph.url);
      }),
    ],
    ['PATCH', TASK, authed(({ json }, m) => (task(m) ? { status: 200, json: Object.assign(task(m)!, json) } : notFound))],
  ];

  ms.login = await startFakeVendor(loginRoutes, checkLogin);
  ms.graph = await startFakeVendor(graphRoutes, checkGraph);
  ms.loginUrl = ms.login.url;
  ms.apiUrl = `${ms.graph.url}/v1.0`;
  return ms;
}
