import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelContext } from '../../../../test/helpers/channels.js';
import { type FakeVendor, type Route, startFakeVendor, type VendorRequest } from '../../../../test/helpers/fake-vendor.js';
import { expectLostAnswerAdopted, expectNothingFound } from '../../../../test/helpers/lost-answer.js';
import { MARKER, ticketRequests } from '../../../../test/helpers/ticket-requests.js';
import { settingProblems } from '../tickets.lookups.js';
import { jiraServiceManagementTicketing as jsm } from './jira-service-management.ticketing.js';
import { wikiText } from './jira.api.js';

const CLOUD = { email: 'ops@msp.example', apiToken: 'ATATT3xFfGF0-test-token' };
const PAT = 'NjE0OTMxNjU5ODk3OnRlc3QtdG9rZW4';

interface Request {
  serviceDeskId: string;
  requestTypeId: string;
  fields: Record<string, any>;
  raiseOnBehalfOf?: string;
  done: boolean;
  comments: { body: string; public: boolean }[];
}

let fake: FakeVendor;
let requests: Map<string, Request>;
let authorization: string;

/** Service desks 1 to 60; desk 10 is the MSP's IT support, desk 11 a client's. */
const DESKS = Array.from({ length: 60 }, (_, n) => {
  const id = n + 1;
  const [projectKey, projectName] = id === 10 ? ['ITS', 'IT Support'] : id === 11 ? ['ACME', 'Acme Support'] : [`SD${id}`, `Service desk ${id}`];
  return { id: String(id), projectId: String(10000 + id), projectKey, projectName };
});
/** Desk 10's request types and the fields each shows (requestFieldValues takes only these). */
const REQUEST_TYPES = [
  { id: '25', name: 'Report a system problem', description: 'Something is broken', fields: ['summary', 'description', 'priority', 'labels', 'customfield_10050'] },
  { id: '26', name: 'Get IT help', description: 'Ask for help', fields: ['summary', 'description'] },
  ...Array.from({ length: 58 }, (_, n) => ({ id: String(100 + n), name: `Request ${n}`, description: '', fields: ['summary', 'description'] })),
];
const PRIORITIES = ['Highest', 'High', 'Medium', 'Low', 'Lowest'].map((name, n) => ({ id: String(n + 1), name }));
const JQL = /^project = "([A-Z][A-Z0-9_]*)" AND (?:labels = "([^"\\]+)"|description ~ "\\"([^"\\]+)\\"") ORDER BY created ASC$/;

const GET_PARAMS: [RegExp, string[]][] = [
  [/^\/rest\/servicedeskapi\/servicedesk$/, ['start', 'limit', 'expand']],
  [/^\/rest\/servicedeskapi\/servicedesk\/\d+$/, []],
  [/^\/rest\/servicedeskapi\/servicedesk\/\d+\/requesttype$/, ['start', 'limit', 'searchQuery', 'groupId', 'expand', 'includeHiddenRequestTypesInSearch', 'restrictionStatus']],
  [/^\/rest\/api\/2\/search\/jql$/, ['jql', 'nextPageToken', 'maxResults', 'fields', 'expand', 'properties', 'fieldsByKeys', 'failFast', 'reconcileIssues']],
  [/^\/rest\/api\/2\/search$/, ['jql', 'startAt', 'maxResults', 'validateQuery', 'fields', 'expand', 'properties', 'fieldsByKeys']],
  [/^\/rest\/api\/2\/priority\/search$/, ['startAt', 'maxResults', 'id', 'projectId', 'priorityName', 'onlyDefault', 'expand']],
  [/^\/rest\/api\/2\/priority$/, []],
  [/^\/rest\/api\/2\/issue\/[A-Z]+-\d+$/, ['fields', 'expand', 'properties', 'fieldsByKeys', 'updateHistory']],
  [/^\/rest\/api\/2\/issue\/[A-Z]+-\d+\/transitions$/, ['expand', 'transitionId', 'skipRemoteOnlyCondition', 'includeUnavailableTransitions', 'sortByOpsBarAndStatus']],
  [/^\/rest\/api\/2\/myself$/, ['expand']],
];

function getShape(req: VendorRequest, dataCenter: boolean): string | null {
  const params = GET_PARAMS.find(([path]) => path.test(req.path))?.[1];
  if (!params) return `no documented GET ${req.path}`;
  const unknown = [...req.query.keys()].find((k) => !params.includes(k));
  if (unknown) return `${req.path} takes no ${unknown}`;
  if (dataCenter && ['/rest/api/2/search/jql', '/rest/api/2/priority/search'].includes(req.path)) return `Data Center has no ${req.path}`;
  if (dataCenter && req.query.has('searchQuery')) return "Data Center's request type list takes no searchQuery";
  if (!dataCenter && req.path === '/rest/api/2/search') return 'Cloud removed /rest/api/2/search: use /rest/api/2/search/jql';
  if (req.path.startsWith('/rest/api/2/search') && !JQL.test(req.query.get('jql') ?? '')) return `JQL this fake does not understand: ${req.query.get('jql')}`;
  for (const n of ['start', 'limit', 'startAt', 'maxResults']) if (req.query.has(n) && !/^\d+$/.test(req.query.get(n)!)) return `${n} is a number`;
  if (Number(req.query.get('limit') ?? 0) > 100) return 'limit is at most 100';
  if (req.query.has('includeHiddenRequestTypesInSearch') && !['true', 'false'].includes(req.query.get('includeHiddenRequestTypesInSearch')!)) return 'includeHiddenRequestTypesInSearch is a boolean';
  return null;
}

/** Refuses what the Service Management API and REST API v2 document no shape for. */
function jsmShape(req: VendorRequest): string | null {
  if (!/^\/rest\/(api\/2|servicedeskapi)\//.test(req.path)) return 'not REST API v2 or servicedeskapi';
  if (req.headers.authorization !== authorization) return `authorization ${req.headers.authorization ?? 'missing'}`;
  if (req.method === 'GET') return getShape(req, authorization.startsWith('Bearer '));
  if (req.headers['content-type'] !== 'application/json') return 'not JSON';
  const b = req.json;
  if (req.path === '/rest/servicedeskapi/request') {
    const extra = Object.keys(b ?? {}).find((k) => !['serviceDeskId', 'requestTypeId', 'requestFieldValues', 'raiseOnBehalfOf', 'requestParticipants', 'channel', 'isAdfRequest', 'form'].includes(k));
    if (extra) return `a request takes no ${extra}`;
    if (typeof b.serviceDeskId !== 'string' || typeof b.requestTypeId !== 'string') return 'serviceDeskId and requestTypeId are strings';
    const f = b.requestFieldValues;
    if (typeof f?.summary !== 'string' || !f.summary || f.summary.length > 255 || f.summary.includes('\n')) return 'summary: one line, 1 to 255 characters';
    if (typeof f.description !== 'string') return 'without isAdfRequest the description is a string';
    if (f.labels !== undefined && (!Array.isArray(f.labels) || f.labels.some((l: unknown) => typeof l !== 'string' || /\s/.test(l)))) return 'labels are strings without spaces';
    if (f.priority !== undefined && typeof f.priority?.name !== 'string') return 'priority goes by name';
    if (b.raiseOnBehalfOf !== undefined && typeof b.raiseOnBehalfOf !== 'string') return 'raiseOnBehalfOf is an account id';
    return null;
  }
  if (req.path.startsWith('/rest/api/2/') && req.path.endsWith('/comment')) return 'comments on requests go through servicedeskapi, to be internal';
  if (req.path.endsWith('/comment')) return typeof b?.body === 'string' && b.body && typeof b.public === 'boolean' ? null : 'a comment is a body and public';
  return /^\/rest\/api\/2\/issue\/[A-Z]+-\d+\/transitions$/.test(req.path) && typeof b?.transition?.id === 'string' ? null : 'a transition goes by id';
}

const KEY = '([A-Z]+-\\d+)';
const request = (m: RegExpMatchArray) => requests.get(m[1]!)!;
/** Service Management's start/limit pages: isLastPage out. */
const page = <T>(all: T[], q: URLSearchParams) => {
  const start = Number(q.get('start') ?? 0);
  const limit = Number(q.get('limit') ?? 50);
  const values = all.slice(start, start + limit);
  return { status: 200, json: { size: values.length, start, limit, isLastPage: start + values.length >= all.length, values } };
};
const contains = (text: string, part: string | null) => !part || text.toLowerCase().includes(part.toLowerCase());
const selected = (jql: string) => {
  const [, project, label, phrase] = jql.match(JQL)!;
  return [...requests.entries()]
    .filter(([key, r]) => key.startsWith(`${project}-`) && (label ? (r.fields.labels ?? []).includes(label) : r.fields.description.includes(phrase!)))
    .map(([key, r]) => ({ id: key.replace(/\D/g, ''), key, fields: { labels: r.fields.labels ?? [], description: r.fields.description } }));
};
const routes: Route[] = [
  ['POST', /^\/rest\/servicedeskapi\/request$/, ({ json: b }) => {
    const desk = DESKS.find((d) => d.id === b.serviceDeskId);
    const type = desk?.id === '10' ? REQUEST_TYPES.find((t) => t.id === b.requestTypeId) : undefined;
    if (!desk || !type) return { status: 400, json: { errorMessage: 'The request type you are trying to use does not exist.' } };
    const hidden = Object.keys(b.requestFieldValues).find((f) => !type.fields.includes(f));
    if (hidden) return { status: 400, json: { errorMessage: `Field '${hidden}' cannot be set. It is not on the appropriate screen, or unknown.` } };
    const key = `${desk.projectKey}-${requests.size + 1}`;
    requests.set(key, { serviceDeskId: b.serviceDeskId, requestTypeId: b.requestTypeId, fields: b.requestFieldValues, raiseOnBehalfOf: b.raiseOnBehalfOf, done: false, comments: [] });
    return { status: 201, json: { issueId: String(10000 + requests.size), issueKey: key, requestTypeId: b.requestTypeId, serviceDeskId: b.serviceDeskId, _links: { web: `${fake.url}/servicedesk/customer/portal/10/${key}` } } };
  }],
  ['POST', new RegExp(`^/rest/servicedeskapi/request/${KEY}/comment$`), (req, m) => (request(m).comments.push(req.json), { status: 201, json: { id: '10010', public: req.json.public } })],
  ['GET', new RegExp(`^/rest/api/2/issue/${KEY}$`), (_, m) => {
    if (!requests.has(m[1]!)) return { status: 404, json: { errorMessages: ['Issue does not exist or you do not have permission to see it.'] } };
    const done = request(m).done;
    return { status: 200, json: { key: m[1], fields: { status: { name: done ? 'Resolved' : 'Waiting for support', statusCategory: { key: done ? 'done' : 'new' } } } } };
  }],
  ['GET', /\/transitions$/, () => ({ status: 200, json: { transitions: [{ id: '761', name: 'Pending' }, { id: '851', name: 'Resolve this issue' }] } })],
  ['POST', new RegExp(`^/rest/api/2/issue/${KEY}/transitions$`), (req, m) => ((request(m).done = req.json.transition.id === '851'), { status: 204 })],
  ['GET', /^\/rest\/api\/2\/search\/jql$/, ({ query }) => ({ status: 200, json: { issues: selected(query.get('jql')!) } })],
  ['GET', /^\/rest\/api\/2\/search$/, ({ query }) => ({ status: 200, json: { startAt: 0, maxResults: 50, total: selected(query.get('jql')!).length, issues: selected(query.get('jql')!) } })],
  ['GET', /^\/rest\/servicedeskapi\/servicedesk$/, ({ query }) => page(DESKS, query)],
  ['GET', /^\/rest\/servicedeskapi\/servicedesk\/(\d+)$/, (_, m) => {
    const desk = DESKS.find((d) => d.id === m[1]);
    return desk ? { status: 200, json: desk } : { status: 404, json: { errorMessage: 'The service desk does not exist.' } };
  }],
  ['GET', /^\/rest\/servicedeskapi\/servicedesk\/(\d+)\/requesttype$/, ({ query }, m) => {
    if (!DESKS.some((d) => d.id === m[1])) return { status: 404, json: { errorMessage: 'The service desk does not exist.' } };
    const types = m[1] === '10' ? REQUEST_TYPES : [];
    const search = query.get('searchQuery');
    return page(types.filter((t) => contains(t.name, search) || contains(t.description, search)).map(({ fields: _, ...t }) => ({ ...t, serviceDeskId: m[1] })), query);
  }],
  ['GET', /^\/rest\/api\/2\/priority\/search$/, ({ query }) => {
    const startAt = Number(query.get('startAt') ?? 0);
    const values = PRIORITIES.filter((p) => contains(p.name, query.get('priorityName')));
    return { status: 200, json: { startAt, maxResults: 50, total: values.length, isLast: true, values: values.slice(startAt) } };
  }],
  ['GET', /^\/rest\/api\/2\/priority$/, () => ({ status: 200, json: PRIORITIES })],
  ['GET', /^\/rest\/api\/2\/myself$/, () => ({ status: 200, json: { accountId: '5b10a2844c20165700ede21g', active: true } })],
];

beforeEach(async () => {
  requests = new Map();
  authorization = `Basic ${Buffer.from(`${CLOUD.email}:${CLOUD.apiToken}`).toString('base64')}`;
  fake = await startFakeVendor(routes, jsmShape);
});
afterEach(() => fake.close());

const cloud = (over: Record<string, unknown> = {}) => jsm.config.parse({ url: `${fake.url}/`, ...CLOUD, serviceDeskId: 10, requestTypeId: 26, ...over });
const dataCenter = (over: Record<string, unknown> = {}) => {
  authorization = `Bearer ${PAT}`;
  return jsm.config.parse({ url: fake.url, personalAccessToken: PAT, serviceDeskId: '10', requestTypeId: '26', ...over });
};
const ctx = () => channelContext();
const posted = (suffix: string) => fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith(suffix));
const isCreate = (r: VendorRequest) => r.method === 'POST' && r.path === '/rest/servicedeskapi/request';

describe('Jira Service Management', () => {
  it('raises a request, comments internally while the problem lasts, and resolves it by transition', async () => {
    const req = ticketRequests();
    const c = cloud({ raiseOnBehalfOf: 'qm:a713c8ea-1075-4e30-9d96-891a7d181739:5ad6d3581db05e2a66fa80b' });
    const opened = await jsm.open(c, req.open, ctx());
    expect(opened).toEqual({ ok: true, status: 201, ticket: { id: 'ITS-1', url: `${fake.url}/browse/ITS-1` } });
    expect(requests.get('ITS-1')).toMatchObject({
      serviceDeskId: '10',
      requestTypeId: '26',
      raiseOnBehalfOf: 'qm:a713c8ea-1075-4e30-9d96-891a7d181739:5ad6d3581db05e2a66fa80b',
      fields: { summary: 'Failure: User01: Documents (Acme Corp)', description: `${wikiText(req.open.body)}\n\n${MARKER}` },
    });
    expect(Object.keys(requests.get('ITS-1')!.fields)).toEqual(['summary', 'description']);
    expect(await jsm.note(c, opened.ticket!, req.note, ctx())).toEqual({ ok: true, status: 201 });
    expect(await jsm.close(c, opened.ticket!, req.close, ctx())).toEqual({ ok: true, status: 204 });
    expect(requests.get('ITS-1')).toMatchObject({ done: true, comments: [{ body: wikiText(req.note.body), public: false }, { body: wikiText(req.close.body), public: false }] });
    expect(fake.refused).toEqual([]);
  });

  it('sends labels, priority and asset where the request type has them, with the marker among the labels', async () => {
    const { openWarning } = ticketRequests({ requestTypeId: '25' });
    const c = cloud({ labels: ['backwatch'], priorities: { high: 'Highest', low: 'Low' }, assetField: 'customfield_10050' });
    expect(await jsm.open(c, openWarning, ctx())).toMatchObject({ ok: true, ticket: { id: 'ITS-1' } });
    expect(requests.get('ITS-1')).toMatchObject({ requestTypeId: '25', fields: { labels: ['backwatch', MARKER], priority: { name: 'Low' }, customfield_10050: 'WS-0042', description: wikiText(openWarning.body) } });
    // A request type without those fields refuses them, and waiting will not change that.
    expect(await jsm.open(c, ticketRequests().open, ctx())).toMatchObject({ ok: false, retryable: false, status: 400 });
    expect(fake.refused).toEqual([]);
  });

  it('writes nothing to a request a person resolved or deleted', async () => {
    const req = ticketRequests();
    const { ticket } = await jsm.open(cloud(), req.open, ctx());
    requests.get('ITS-1')!.done = true;
    expect(await jsm.note(cloud(), ticket!, req.note, ctx())).toEqual({ ok: true, alreadyClosed: true });
    expect(await jsm.close(cloud(), ticket!, req.close, ctx())).toEqual({ ok: true, alreadyClosed: true });
    expect(await jsm.note(cloud(), { id: 'ITS-99', url: null }, req.note, ctx())).toEqual({ ok: true, alreadyClosed: true });
    expect(posted('/comment')).toEqual([]);
    expect(posted('/transitions')).toEqual([]);
  });

  it('refuses to resolve without a transition of the configured name, writing nothing', async () => {
    const req = ticketRequests();
    const { ticket } = await jsm.open(cloud(), req.open, ctx());
    const outcome = await jsm.close(cloud({ closeTransition: 'Done' }), ticket!, req.close, ctx());
    expect(outcome).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('it offers "Pending", "Resolve this issue"') });
    expect(requests.get('ITS-1')).toMatchObject({ done: false, comments: [] });
  });

  it('retries through an outage, but not a refusal', async () => {
    const req = ticketRequests();
    fake.down = { status: 503 };
    expect(await jsm.open(cloud(), req.open, ctx())).toMatchObject({ ok: false, retryable: true, status: 503, error: 'Jira create request: HTTP 503' });
    fake.down = null;
    expect(await jsm.open(cloud(), req.open, ctx())).toMatchObject({ ok: true, ticket: { id: 'ITS-1' } });
    expect(await jsm.open(cloud(), ticketRequests({ serviceDeskId: '11' }).open, ctx())).toMatchObject({ ok: false, retryable: false, status: 400 });
    expect(await jsm.open(cloud({ requestTypeId: undefined }), req.open, ctx())).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('requestTypeId') });
    expect(await jsm.open(cloud(), ticketRequests({ serviceDeskId: 'ITS' }).open, ctx())).toMatchObject({ ok: false, retryable: false, error: 'serviceDeskId must be a number, not "ITS"' });
    expect(requests.size).toBe(1);
  });

  it('adopts the request a create made when its answer was lost, searching the desk\'s project on Cloud, and finds none where there is none', async () => {
    const c = cloud();
    await expectNothingFound({ adapter: jsm, config: c, ctx: ctx(), vendor: fake });
    const ticket = await expectLostAnswerAdopted({ adapter: jsm, config: c, vendor: fake, ctx: ctx(), isCreate, tickets: () => [...requests.values()] });
    expect(ticket).toEqual({ id: 'ITS-1', url: `${fake.url}/browse/ITS-1` });
    expect(requests.get('ITS-1')).toMatchObject({ done: true, comments: [{ public: false }, { public: false }] });
    expect(fake.requests.filter((r) => r.path === '/rest/api/2/search/jql').map((r) => r.query.get('jql'))).toEqual(
      Array(2).fill(`project = "ITS" AND description ~ "\\"${MARKER}\\"" ORDER BY created ASC`),
    );
  });

  it('finds the marker among the labels on Data Center', async () => {
    const c = dataCenter({ labels: ['backwatch'] });
    await expectLostAnswerAdopted({ adapter: jsm, config: c, vendor: fake, ctx: ctx(), isCreate, tickets: () => [...requests.values()], fields: { requestTypeId: '25' } });
    expect(fake.requests.find((r) => r.path === '/rest/api/2/search')!.query.get('jql')).toBe(`project = "ITS" AND labels = "${MARKER}" ORDER BY created ASC`);
    await expectNothingFound({ adapter: jsm, config: c, ctx: ctx(), vendor: fake, fields: { serviceDeskId: '11', requestTypeId: '25' } });
  });

  it('lists service desks (a page filtered by name), a desk\'s request types (searched by Cloud, filtered on Data Center) and priorities', async () => {
    const { servicedesks, requesttypes, priorities } = jsm.lookups!;
    const query = { search: null, page: null, parent: null };
    const first = await servicedesks!.list(cloud(), query, ctx());
    expect(first).toMatchObject({ ok: true, nextPage: '50' });
    expect(first.ok && first.items[9]).toEqual({ id: '10', name: 'IT Support' });
    const second = await servicedesks!.list(cloud(), { ...query, page: '50' }, ctx());
    expect(second).toMatchObject({ ok: true, nextPage: null });
    expect(second.ok && second.items).toHaveLength(10);
    expect(await servicedesks!.list(cloud(), { ...query, search: 'acme' }, ctx())).toEqual({ ok: true, items: [{ id: '11', name: 'Acme Support' }], nextPage: '50' });

    expect(await requesttypes!.list(cloud(), query, ctx())).toMatchObject({ ok: false, retryable: false, error: 'choose a service desk first' });
    const types = await requesttypes!.list(cloud(), { ...query, parent: '10' }, ctx());
    expect(types).toMatchObject({ ok: true, nextPage: '50' });
    expect(types.ok && types.items.slice(0, 2)).toEqual([{ id: '25', name: 'Report a system problem' }, { id: '26', name: 'Get IT help' }]);
    expect(await requesttypes!.list(cloud(), { ...query, parent: '10', search: 'broken' }, ctx())).toEqual({ ok: true, items: [{ id: '25', name: 'Report a system problem' }], nextPage: null });
    expect(fake.requests.at(-1)!.query.get('includeHiddenRequestTypesInSearch')).toBe('true');
    expect(await priorities!.list(cloud(), { ...query, search: 'low' }, ctx())).toMatchObject({ ok: true, items: [{ id: 'Low' }, { id: 'Lowest' }] });
    expect(fake.refused).toEqual([]);

    const dc = dataCenter();
    expect(await requesttypes!.list(dc, { ...query, parent: '10', search: 'it help' }, ctx())).toEqual({ ok: true, items: [{ id: '26', name: 'Get IT help' }], nextPage: '50' });
    expect(await priorities!.list(dc, query, ctx())).toMatchObject({ ok: true, items: { length: 5 }, nextPage: null });
    expect(fake.refused).toEqual([]);
  });

  it('names the settings a site does not have', async () => {
    expect(await settingProblems(jsm, cloud({ serviceDeskId: 11, requestTypeId: undefined, priorities: { high: 'highest' } }), ctx())).toEqual([]);
    expect(await settingProblems(jsm, cloud({ requestTypeId: '157' }), ctx())).toEqual([]);
    expect(await settingProblems(jsm, cloud({ requestTypeId: '999', priorities: { low: 'Trivial' } }), ctx())).toEqual([
      { path: 'requestTypeId', message: 'no request type "999" for serviceDeskId 10' },
      { path: 'priorities.low', message: 'no priority "Trivial"' },
    ]);
    expect(await settingProblems(jsm, cloud({ serviceDeskId: '77' }), ctx())).toEqual([{ path: 'serviceDeskId', message: 'no service desk "77"' }]);
    fake.down = { status: 503 };
    expect(await settingProblems(jsm, cloud({ serviceDeskId: '77' }), ctx())).toEqual([]);
  });

  it('verifies the credentials on the service desk, or on the user without one', async () => {
    expect(await jsm.verify(cloud(), ctx())).toEqual({ ok: true, status: 200 });
    expect(await jsm.verify(cloud({ serviceDeskId: undefined }), ctx())).toEqual({ ok: true, status: 200 });
    expect(await jsm.verify(cloud({ serviceDeskId: '77' }), ctx())).toMatchObject({ ok: false, retryable: false, status: 404 });
    expect(fake.requests.map((r) => r.path)).toEqual(['/rest/servicedeskapi/servicedesk/10', '/rest/api/2/myself', '/rest/servicedeskapi/servicedesk/77']);
    expect(await jsm.verify(cloud({ apiToken: 'wrong' }), ctx())).toMatchObject({ ok: false, retryable: false });
  });

  it('takes one kind of credential, and ids as numbers', () => {
    expect(() => cloud({ personalAccessToken: PAT })).toThrow(/personal access token/);
    expect(() => cloud({ email: undefined })).toThrow(/go together/);
    expect(() => cloud({ serviceDeskId: 'ITS' })).toThrow(/numeric id/);
    expect(cloud()).toMatchObject({ serviceDeskId: '10', requestTypeId: '26', labels: [], priorities: { high: null, low: null }, closeTransition: 'Resolve this issue' });
  });
});
