import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelContext } from '../../../../test/helpers/channels.js';
import { type FakeVendor, type Route, startFakeVendor, type VendorAnswer, type VendorRequest } from '../../../../test/helpers/fake-vendor.js';
import { expectLostAnswerAdopted, expectNothingFound } from '../../../../test/helpers/lost-answer.js';
import { ticketRequests } from '../../../../test/helpers/ticket-requests.js';
import { settingProblems } from '../tickets.lookups.js';
import { bugzillaTicketing } from './bugzilla.ticketing.js';

// The Bugzilla 5 REST API as documented (bugzilla/bugzilla, docs/en/rst/api/core/v1/):
// https://bugzilla.readthedocs.io/en/latest/api/core/v1/general.html  JSON in and out, X-BUGZILLA-API-KEY, {error, code, message}
// https://bugzilla.readthedocs.io/en/latest/api/core/v1/bug.html      GET /rest/bug/(id) (is_open; error 101), POST /rest/bug, PUT /rest/bug/(id)
// https://bugzilla.readthedocs.io/en/latest/api/core/v1/comment.html  POST /rest/bug/(id)/comment (65,535 characters at most)
// https://bugzilla.readthedocs.io/en/latest/api/core/v1/user.html     GET /rest/whoami
// https://bugzilla.readthedocs.io/en/latest/api/core/v1/product.html  GET /rest/product?names= (unknown products left out silently), ?type=enterable
// https://bugzilla.readthedocs.io/en/latest/api/core/v1/field.html    GET /rest/field/bug/(id_or_name): the legal values (is_open for bug_status)

interface Bug {
  id: number;
  product: string;
  component: string;
  fields: Record<string, unknown>;
  status: string;
  resolution: string;
  alias: string[];
  comments: { text: string; is_private: boolean }[];
}

const KEY = 'xHkP3bM9wQ2sLr5TnV8cYd1FgJ6aZe4UoI7pRt0S';
const PRODUCTS: Record<string, string[]> = { Backups: ['Nightly', 'Offsite'], 'Client B': ['Servers'] };
/** What the lists show beyond that: versions, a component and a product that take no new bugs. */
const VERSIONS: Record<string, string[]> = { Backups: ['unspecified', '2.0'], 'Client B': ['unspecified'] };
const RETIRED = { product: 'Old Backups', component: 'Floppies' };
const FIELDS: Record<string, { name: string; is_open?: boolean; is_active?: boolean }[]> = {
  priority: ['Highest', 'High', 'Normal', 'Low', 'Lowest', '---'].map((name) => ({ name })),
  bug_severity: ['blocker', 'critical', 'major', 'normal', 'minor', 'trivial', 'enhancement'].map((name) => ({ name })),
  rep_platform: ['All', 'PC', 'Macintosh', 'Other'].map((name) => ({ name })),
  op_sys: ['All', 'Windows', 'Mac OS', 'Linux', 'Other'].map((name) => ({ name })),
  bug_status: [
    ...['UNCONFIRMED', 'CONFIRMED', 'IN_PROGRESS'].map((name) => ({ name, is_open: true })),
    ...['RESOLVED', 'VERIFIED'].map((name) => ({ name, is_open: false })),
  ],
  resolution: ['', 'FIXED', 'INVALID', 'WONTFIX', 'DUPLICATE', 'WORKSFORME', 'MOVED'].map((name) => ({ name, ...(name === 'MOVED' ? { is_active: false } : {}) })),
};
const CREATE_KEYS = ['product', 'component', 'summary', 'version', 'description', 'op_sys', 'platform', 'priority', 'severity', 'comment_is_private', 'alias'];
/** Bugzilla 5's rule for an alias (Bugzilla::Bug::_check_alias): 40 characters at most, not a number, no comma or space. */
const isAlias = (a: unknown) => typeof a === 'string' && a.length > 0 && a.length <= 40 && !/^\d+$/.test(a) && !/[, ]/.test(a);
/** The query parameters the documented GET endpoints take. */
const GET_PARAMS: [RegExp, string[]][] = [
  [/^\/bugzilla\/rest\/bug\/[^/]+$/, ['include_fields', 'exclude_fields']],
  [/^\/bugzilla\/rest\/product$/, ['type', 'names', 'ids', 'include_fields', 'exclude_fields']],
  [/^\/bugzilla\/rest\/field\/bug\/\w+$/, ['include_fields', 'exclude_fields']],
  [/^\/bugzilla\/rest\/whoami$/, []],
];
const text = (v: unknown, max: number) => typeof v === 'string' && v.trim() !== '' && v.length <= max;
const only = (body: object, keys: string[]) => Object.keys(body).every((k) => keys.includes(k));

/** The request shape the documentation gives; anything else the stand-in refuses. */
function check(req: VendorRequest): string | null {
  if (!req.path.startsWith('/bugzilla/rest/')) return 'not the REST API of the Bugzilla at /bugzilla';
  if (!req.headers['x-bugzilla-api-key'] || req.query.has('api_key') || req.query.has('Bugzilla_api_key')) return 'the API key belongs in X-BUGZILLA-API-KEY';
  if (req.headers.accept !== 'application/json') return 'Accept must be application/json';
  if (req.method === 'GET') {
    if (req.body) return 'a GET has no body';
    const allowed = GET_PARAMS.find(([path]) => path.test(req.path))?.[1];
    if (!allowed) return 'an undocumented endpoint';
    const extra = [...req.query.keys()].find((k) => !allowed.includes(k));
    if (extra) return `an undocumented parameter ${extra}`;
    if (req.query.getAll('type').some((t) => !['accessible', 'selectable', 'enterable'].includes(t))) return 'type is accessible, selectable or enterable';
    return null;
  }
  if (req.headers['content-type'] !== 'application/json' || !req.json || typeof req.json !== 'object') return 'the body must be JSON';
  const b = req.json;
  if (req.method === 'POST' && req.path === '/bugzilla/rest/bug') {
    if (!['product', 'component', 'version'].every((k) => text(b[k], 255)) || !text(b.summary, 255)) return 'product, component, version and summary (255 at most) are required';
    if (b.description !== undefined && !text(b.description, 65_535)) return 'description is text of 65,535 characters at most';
    if (b.alias !== undefined && (!Array.isArray(b.alias) || !b.alias.every(isAlias))) return 'alias is an array of aliases (40 characters, not a number, no comma or space)';
    return only(b, CREATE_KEYS) ? null : 'an undocumented field';
  }
  if (req.method === 'POST' && /^\/bugzilla\/rest\/bug\/\d+\/comment$/.test(req.path)) {
    if (!text(b.comment, 65_535)) return 'comment is required, 65,535 characters at most';
    return only(b, ['comment', 'is_private', 'is_markdown', 'comment_tags', 'work_time']) ? null : 'an undocumented field';
  }
  if (req.method === 'PUT' && /^\/bugzilla\/rest\/bug\/\d+$/.test(req.path)) {
    if (b.comment !== undefined && (!text(b.comment.body, 65_535) || !only(b.comment, ['body', 'is_private']))) return 'comment is {body, is_private}';
    return only(b, ['status', 'resolution', 'comment']) ? null : 'an undocumented field';
  }
  return null;
}

let vendor: FakeVendor;
let bugs: Bug[];
const error = (status: number, code: number, message: string): VendorAnswer => ({ status, json: { error: true, code, message, documentation: 'https://bugzilla.readthedocs.org/en/5.0/api/' } });
/** Every route answers only a key it knows, as Bugzilla answers error 306 otherwise. */
const authed = (handle: Route[2]): Route[2] => (req, match) => (req.headers['x-bugzilla-api-key'] === KEY ? handle(req, match) : error(400, 306, 'The API key you specified is invalid.'));
const bugRoute = (method: string, rest: string, handle: (bug: Bug, req: VendorRequest) => VendorAnswer): Route => [
  method,
  new RegExp(`^/bugzilla/rest/bug/(\\d+)${rest}$`),
  authed((req, [, id]) => {
    const bug = bugs.find((b) => b.id === Number(id));
    return bug ? handle(bug, req) : error(404, 101, `Bug #${id} does not exist.`);
  }),
];
const isOpen = (b: Bug) => !['RESOLVED', 'VERIFIED', 'CLOSED'].includes(b.status);
const shown = (b: Bug) => ({ id: b.id, alias: b.alias, product: b.product, component: b.component, status: b.status, resolution: b.resolution, is_open: isOpen(b), ...b.fields });
/** include_fields as Bugzilla reads it: top-level names, and `part.name` for a nested list's items. */
function included(item: Record<string, unknown>, fields: string | null): Record<string, unknown> {
  if (!fields) return item;
  const names = fields.split(',');
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) {
    const nested = names.filter((n) => n.startsWith(`${key}.`)).map((n) => n.slice(key.length + 1));
    if (names.includes(key)) out[key] = value;
    else if (nested.length && Array.isArray(value)) out[key] = value.map((v) => Object.fromEntries(Object.entries(v).filter(([k]) => nested.includes(k))));
  }
  return out;
}

const routes: Route[] = [
  ['GET', /^\/bugzilla\/rest\/whoami$/, authed(() => ({ status: 200, json: { id: 7, name: 'backwatch@example.com', real_name: 'backwatch' } }))],
  [
    'GET',
    /^\/bugzilla\/rest\/product$/,
    authed(({ query }) => {
      const all = [
        ...Object.keys(PRODUCTS).map((name) => ({
          name,
          is_active: true,
          components: [...PRODUCTS[name]!.map((c) => ({ name: c, is_active: true })), ...(name === 'Backups' ? [{ name: RETIRED.component, is_active: false }] : [])],
          versions: VERSIONS[name]!.map((v) => ({ name: v, is_active: true })),
        })),
        { name: RETIRED.product, is_active: false, components: [], versions: [] },
      ];
      const names = query.getAll('names');
      const chosen = names.length ? all.filter((p) => names.includes(p.name)) : all;
      return { status: 200, json: { products: chosen.map((p) => included(p, query.get('include_fields'))) } };
    }),
  ],
  [
    'GET',
    /^\/bugzilla\/rest\/field\/bug\/(\w+)$/,
    authed((_, [, name]) => (FIELDS[name!] ? { status: 200, json: { fields: [{ name, type: 2, values: FIELDS[name!] }] } } : error(400, 51, `The field '${name}' does not exist.`))),
  ],
  [
    'POST',
    /^\/bugzilla\/rest\/bug$/,
    authed(({ json: { product, component, description, comment_is_private, ...fields } }) => {
      if (!PRODUCTS[product]) return error(400, 106, `Product "${product}" does not exist or you don't have access to it.`);
      if (!PRODUCTS[product]!.includes(component)) return error(400, 51, `There is no component named '${component}' in the '${product}' product.`);
      const { alias = [], ...rest } = fields;
      const taken = alias.find((a: string) => bugs.some((b) => b.alias.includes(a)));
      if (taken) return error(400, 103, `The alias you entered, ${taken}, is already taken by another bug.`);
      const bug: Bug = { id: 1000 + bugs.length, product, component, fields: rest, alias, status: 'CONFIRMED', resolution: '', comments: [{ text: description, is_private: !!comment_is_private }] };
      bugs.push(bug);
      return { status: 200, json: { id: bug.id } };
    }),
  ],
  bugRoute('GET', '', (b, { query }) => ({ status: 200, json: { faults: [], bugs: [included(shown(b), query.get('include_fields'))] } })),
  [
    'GET',
    /^\/bugzilla\/rest\/bug\/([^/]*[^/\d][^/]*)$/,
    authed(({ query }, [, alias]) => {
      const bug = bugs.find((b) => b.alias.includes(decodeURIComponent(alias!)));
      return bug ? { status: 200, json: { faults: [], bugs: [included(shown(bug), query.get('include_fields'))] } } : error(404, 100, `'${alias}' is not a valid bug number nor an alias to a bug.`);
    }),
  ],
  bugRoute('POST', '/comment', (b, { json }) => (b.comments.push({ text: json.comment, is_private: !!json.is_private }), { status: 201, json: { id: 5000 + b.comments.length } })),
  bugRoute('PUT', '', (b, { json }) => {
    if (json.resolution && !json.status && isOpen(b)) return error(400, 52, 'You cannot set a resolution on an open bug.');
    const removed = b.status;
    Object.assign(b, { status: json.status ?? b.status, resolution: json.resolution ?? b.resolution });
    if (json.comment) b.comments.push({ text: json.comment.body, is_private: !!json.comment.is_private });
    return { status: 200, json: { bugs: [{ id: b.id, alias: [], changes: { status: { added: b.status, removed } } }] } };
  }),
];

beforeEach(async () => {
  bugs = [];
  vendor = await startFakeVendor(routes, check);
});
afterEach(() => vendor.close());

const configure = (over: Record<string, unknown> = {}) => bugzillaTicketing.config.parse({ apiUrl: `${vendor.url}/bugzilla/`, apiKey: KEY, product: 'Backups', component: 'Nightly', ...over });
const ctx = channelContext();
const web = () => `${vendor.url}/bugzilla`;

describe('Bugzilla', () => {
  it('files a bug, comments on it, and resolves it as FIXED with the closing comment', async () => {
    const c = configure();
    const req = ticketRequests();
    const opened = await bugzillaTicketing.open(c, req.open, ctx);
    expect(opened).toEqual({ ok: true, status: 200, ticket: { id: '1000', url: `${web()}/show_bug.cgi?id=1000` } });
    const [bug] = bugs;
    expect(bug).toMatchObject({ product: 'Backups', component: 'Nightly', fields: { summary: req.open.subject, version: 'unspecified', op_sys: 'All', platform: 'All', priority: 'High', severity: 'major' } });
    expect(bug!.comments).toEqual([{ text: req.open.body, is_private: false }]);
    expect(bug!.alias).toEqual([req.open.marker]);
    expect(vendor.requests[0]).toMatchObject({ method: 'POST', path: '/bugzilla/rest/bug' });

    expect(await bugzillaTicketing.note(c, opened.ticket!, req.note, ctx)).toEqual({ ok: true, status: 201 });
    expect(await bugzillaTicketing.close(c, opened.ticket!, req.close, ctx)).toEqual({ ok: true, status: 200 });
    expect(bug!.comments.map((m) => m.text)).toEqual([req.open.body, req.note.body, req.close.body]);
    expect(bug).toMatchObject({ status: 'RESOLVED', resolution: 'FIXED' });
    expect(vendor.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /bugzilla/rest/bug',
      'GET /bugzilla/rest/bug/1000',
      'POST /bugzilla/rest/bug/1000/comment',
      'GET /bugzilla/rest/bug/1000',
      'PUT /bugzilla/rest/bug/1000',
    ]);
    expect(vendor.refused).toEqual([]);
  });

  it("files into the check's product and component, with the warning's priority and severity", async () => {
    const c = configure({ priorities: { high: 'Highest', low: '' }, severities: { low: 'minor' } });
    await bugzillaTicketing.open(c, ticketRequests({ product: 'Client B', component: 'Servers' }).openWarning, ctx);
    expect(bugs[0]).toMatchObject({ product: 'Client B', component: 'Servers' });
    expect(bugs[0]!.fields).toMatchObject({ severity: 'minor' });
    expect(bugs[0]!.fields).not.toHaveProperty('priority');
    // Another incident: each bug carries its own incident's alias.
    await bugzillaTicketing.open(c, { ...ticketRequests({ component: 'Offsite' }).open, marker: 'backwatch-incident-42-7' }, ctx);
    expect(bugs[1]).toMatchObject({ product: 'Backups', component: 'Offsite', fields: { priority: 'Highest', severity: 'major' } });

    const before = vendor.requests.length;
    expect(await bugzillaTicketing.open(configure({ product: undefined }), ticketRequests().open, ctx)).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('product') });
    expect(vendor.requests).toHaveLength(before);
    expect(vendor.refused).toEqual([]);
  });

  it('writes private comments when asked', async () => {
    const c = configure({ privateComments: true, closeOnRecovery: false });
    const req = ticketRequests();
    const opened = await bugzillaTicketing.open(c, req.open, ctx);
    await bugzillaTicketing.note(c, opened.ticket!, req.note, ctx);
    expect(bugs[0]!.comments.map((m) => m.is_private)).toEqual([true, true]);
    expect(vendor.requests[2]!.json).toMatchObject({ is_private: true, is_markdown: false });
  });

  it('cuts the summary and comments to their limits', async () => {
    const req = ticketRequests().open;
    await bugzillaTicketing.open(configure(), { ...req, subject: 'S'.repeat(400), body: 'x'.repeat(70_000) }, ctx);
    expect(bugs[0]!.fields.summary).toHaveLength(255);
    expect(bugs[0]!.comments[0]!.text).toHaveLength(65_535);
    expect(vendor.refused).toEqual([]);
  });

  it('writes nothing to a bug a person resolved, or one that is gone', async () => {
    const c = configure();
    const req = ticketRequests();
    const opened = await bugzillaTicketing.open(c, req.open, ctx);
    Object.assign(bugs[0]!, { status: 'RESOLVED', resolution: 'WONTFIX' });
    const writes = vendor.requests.length;
    expect(await bugzillaTicketing.note(c, opened.ticket!, req.note, ctx)).toEqual({ ok: true, status: 200, alreadyClosed: true });
    expect(await bugzillaTicketing.close(c, opened.ticket!, req.close, ctx)).toEqual({ ok: true, status: 200, alreadyClosed: true });
    expect(await bugzillaTicketing.note(c, { id: '999', url: null }, req.note, ctx)).toEqual({ ok: true, alreadyClosed: true });
    expect(vendor.requests.slice(writes).map((r) => r.method)).toEqual(['GET', 'GET', 'GET']);
    expect(bugs[0]).toMatchObject({ resolution: 'WONTFIX', comments: [{ text: req.open.body }] });
  });

  it('retries through an outage, but not a refusal, and says what Bugzilla said', async () => {
    const c = configure();
    const req = ticketRequests();
    vendor.down = { status: 503, text: 'Service Unavailable' };
    expect(await bugzillaTicketing.open(c, req.open, ctx)).toMatchObject({ ok: false, retryable: true, status: 503 });
    vendor.down = { status: 429, text: '' };
    expect(await bugzillaTicketing.open(c, req.open, ctx)).toMatchObject({ ok: false, retryable: true, status: 429 });
    vendor.down = error(500, 8, 'The database is locked.');
    const locked = await bugzillaTicketing.open(c, req.open, ctx);
    expect(locked).toMatchObject({ ok: false, retryable: true, status: 500, error: 'Bugzilla new bug: Bugzilla error 8: The database is locked. (HTTP 500)' });
    vendor.down = null;

    const unknown = await bugzillaTicketing.open(c, ticketRequests({ product: 'Nope' }).open, ctx);
    expect(unknown).toMatchObject({ ok: false, retryable: false, status: 400, error: expect.stringContaining('Bugzilla error 106: Product "Nope" does not exist') });
    const component = await bugzillaTicketing.open(c, ticketRequests({ component: 'Tapes' }).open, ctx);
    expect(component).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining("no component named 'Tapes'") });
    expect(await bugzillaTicketing.open(configure({ apiKey: 'revoked' }), req.open, ctx)).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('306') });
    expect(bugs).toHaveLength(0);
    expect(vendor.refused).toEqual([]);
  });

  it('reads an error Bugzilla answers with HTTP 200 as a refusal', async () => {
    vendor.down = { status: 200, json: { error: true, code: 32000, message: 'Internal error: the comment could not be stored.' } };
    const outcome = await bugzillaTicketing.open(configure(), ticketRequests().open, ctx);
    expect(outcome).toMatchObject({ ok: false, retryable: false, status: 200, error: 'Bugzilla new bug: Bugzilla error 32000: Internal error: the comment could not be stored.' });
    vendor.down = { status: 200, json: { id: 'none' } };
    expect(await bugzillaTicketing.open(configure(), ticketRequests().open, ctx)).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('without the new bug id') });
  });

  it('verifies the key, and the default product and component', async () => {
    expect(await bugzillaTicketing.verify(configure(), ctx)).toEqual({ ok: true, status: 200, response: 'API key of backwatch@example.com' });
    expect(vendor.requests.map((r) => r.path)).toEqual(['/bugzilla/rest/whoami', '/bugzilla/rest/product']);
    expect(vendor.requests[1]!.query.get('names')).toBe('Backups');
    expect(await bugzillaTicketing.verify(configure({ product: 'Gone' }), ctx)).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('no product "Gone"') });
    expect(await bugzillaTicketing.verify(configure({ component: 'Tapes' }), ctx)).toMatchObject({ ok: false, error: expect.stringContaining('no component "Tapes"') });
    expect(await bugzillaTicketing.verify(configure({ apiKey: 'wrong' }), ctx)).toMatchObject({ ok: false, retryable: false, error: 'Bugzilla whoami: Bugzilla error 306: The API key you specified is invalid. (HTTP 400)' });
    expect(vendor.refused).toEqual([]);
  });

  it('adopts the bug a create made when its answer was lost, by its alias, and finds none where there is none', async () => {
    const c = configure();
    await expectNothingFound({ adapter: bugzillaTicketing, config: c, ctx, vendor });
    const ticket = await expectLostAnswerAdopted({
      adapter: bugzillaTicketing,
      config: c,
      vendor,
      ctx,
      isCreate: (r) => r.method === 'POST' && r.path === '/bugzilla/rest/bug',
      tickets: () => bugs,
    });
    expect(ticket).toEqual({ id: '1000', url: `${web()}/show_bug.cgi?id=1000` });
    expect(bugs[0]).toMatchObject({ status: 'RESOLVED', resolution: 'FIXED', alias: ['backwatch-incident-41-7'] });
    expect(bugs[0]!.comments).toHaveLength(3);
    expect(vendor.requests.filter((r) => r.path === '/bugzilla/rest/bug/backwatch-incident-41-7').map((r) => r.query.get('include_fields'))).toEqual(['id,alias', 'id,alias']);
  });

  it('cannot file a second bug of the incident: Bugzilla refuses the alias again', async () => {
    const c = configure();
    const req = ticketRequests().open;
    expect(await bugzillaTicketing.open(c, req, ctx)).toMatchObject({ ok: true });
    expect(await bugzillaTicketing.open(c, req, ctx)).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('Bugzilla error 103') });
    expect(bugs).toHaveLength(1);
    // A marker Bugzilla would not take as an alias is left out, and then there is nothing to find by.
    const long = { ...req, marker: `backwatch-incident-${'9'.repeat(20)}-7` };
    expect(await bugzillaTicketing.open(c, long, ctx)).toMatchObject({ ok: true });
    expect(bugs[1]!.alias).toEqual([]);
    const sent = vendor.requests.length;
    expect(await bugzillaTicketing.find!(c, long, ctx)).toEqual({ ok: true });
    expect(vendor.requests).toHaveLength(sent);
    vendor.down = error(500, 8, 'The database is locked.');
    expect(await bugzillaTicketing.find!(c, req, ctx)).toMatchObject({ ok: false, retryable: true });
    expect(vendor.refused).toEqual([]);
  });

  it('lists the products, their components and versions, and the values of the bug fields', async () => {
    const c = configure();
    const all = { search: null, page: null, parent: null };
    const lookups = bugzillaTicketing.lookups!;
    expect(await lookups.products!.list(c, all, ctx)).toEqual({
      ok: true,
      items: [
        { id: 'Backups', name: 'Backups' },
        { id: 'Client B', name: 'Client B' },
      ],
      nextPage: null,
    });
    expect(vendor.requests[0]!.query.get('type')).toBe('enterable');
    expect(await lookups.products!.list(c, { ...all, search: 'client' }, ctx)).toMatchObject({ items: [{ id: 'Client B' }] });
    expect(await lookups.components!.list(c, { ...all, parent: 'Backups' }, ctx)).toMatchObject({ ok: true, items: [{ id: 'Nightly' }, { id: 'Offsite' }], nextPage: null });
    expect(await lookups.components!.list(c, { ...all, parent: 'Backups', search: 'OFF' }, ctx)).toMatchObject({ items: [{ id: 'Offsite' }] });
    expect(await lookups.components!.list(c, { ...all, parent: 'Gone' }, ctx)).toEqual({ ok: true, items: [], nextPage: null });
    expect(await lookups.components!.list(c, all, ctx)).toMatchObject({ ok: false, retryable: false, error: 'choose a product first' });
    expect(await lookups.versions!.list(c, { ...all, parent: 'Backups' }, ctx)).toMatchObject({ items: [{ id: 'unspecified' }, { id: '2.0' }] });
    const names = async (kind: string) => {
      const got = await lookups[kind]!.list(c, all, ctx);
      return got.ok ? got.items.map((i) => i.id) : got;
    };
    expect(await names('priorities')).toEqual(['Highest', 'High', 'Normal', 'Low', 'Lowest', '---']);
    expect(await names('statuses')).toEqual(['RESOLVED', 'VERIFIED']);
    expect(await names('resolutions')).toEqual(['FIXED', 'INVALID', 'WONTFIX', 'DUPLICATE', 'WORKSFORME']);
    expect(await names('operating_systems')).toContain('Linux');
    expect(vendor.requests.filter((r) => r.path.includes('/field/')).map((r) => r.path.split('/').at(-1))).toEqual(['priority', 'bug_status', 'resolution', 'op_sys']);
    expect(vendor.refused).toEqual([]);
  });

  it('names the settings the installation does not have', async () => {
    expect(await settingProblems(bugzillaTicketing, configure({ version: '2.0', priorities: { low: '' } }), ctx)).toEqual([]);
    expect(await settingProblems(bugzillaTicketing, configure({ component: 'Floppies', priorities: { high: 'P1' }, closeStatus: 'CONFIRMED', opSys: 'BeOS' }), ctx)).toEqual([
      { path: 'component', message: 'no component "Floppies" for product Backups' },
      { path: 'priorities.high', message: 'no priority "P1"' },
      { path: 'opSys', message: 'no operating system "BeOS"' },
      { path: 'closeStatus', message: 'no closed status "CONFIRMED"' },
    ]);
    // A product it does not have: its components are not looked at.
    expect(await settingProblems(bugzillaTicketing, configure({ product: 'Old Backups' }), ctx)).toEqual([{ path: 'product', message: 'no product "Old Backups"' }]);
    vendor.down = { status: 503, text: '' };
    expect(await settingProblems(bugzillaTicketing, configure({ product: 'Gone' }), ctx)).toEqual([]);
    expect(vendor.refused).toEqual([]);
  });

  it('needs the Bugzilla address and keeps the key secret', () => {
    expect(() => bugzillaTicketing.config.parse({ apiKey: KEY })).toThrow();
    expect(() => configure({ apiKey: 'two words' })).toThrow();
    expect(() => configure({ product: 'Back\nups' })).toThrow();
    expect(bugzillaTicketing.secrets).toEqual(['apiKey']);
    expect(bugzillaTicketing.fields).toEqual(['product', 'component']);
  });
});
