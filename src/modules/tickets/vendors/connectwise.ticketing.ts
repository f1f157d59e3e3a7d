import { z } from 'zod';
import { truncate } from '../../alerts/channels/channel.text.js';
import type { ChannelContext } from '../../alerts/channels/channel.types.js';
import { type LookupPage, type LookupQuery, type TicketingAdapter, type TicketOutcome, type TicketRef, type TicketRequest, ticketingCommon } from '../tickets.types.js';
import { basicAuth, baseUrl, callVendor, outcomeOf, recordId, recordIds, refusal, stateOf, unlessClosed } from './vendor.http.js';
import { pageNumber } from '../tickets.lookups.js';

const id = z.number().int().positive();

const config = ticketingCommon.extend({
  /** The site, e.g. https://api-na.myconnectwise.net (cloud) or https://cw.example.com (on premises). */
  url: z.url({ protocol: /^https?$/ }),
  /** Where people open tickets; by default the site without its `api-` prefix. */
  webUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** The company id you log in with. */
  loginCompany: z.string().min(1),
  publicKey: z.string().min(1),
  privateKey: z.string().min(1),
  /** From developer.connectwise.com/ClientID. */
  clientId: z.string().min(1),
  /** Defaults for checks and groups without their own: the customer (record id or identifier) and the service board. */
  companyId: z.string().min(1).optional(),
  boardId: id.optional(),
  /** The status of a new ticket; the board's default when unset. */
  statusId: id.optional(),
  /** Priority record ids; the board's default priority when unset. */
  priorities: z.object({ high: id, low: id }).partial().default({}),
  /** The board status that closes a ticket: its record id, or its name. */
  closedStatus: z.union([id, z.string().min(1)]).default('>Closed'),
});

type ConnectWiseConfig = z.infer<typeof config>;

/** Service ticket summary: 100 characters. */
const SUMMARY_MAX = 100;

/** The site alone: the API's own URL, pasted in full, is taken too. */
const site = (url: string) => baseUrl(url).replace(/\/v4_6_release\/apis\/3\.0$/i, '');

const api = (c: ConnectWiseConfig) => `${site(c.url)}/v4_6_release/apis/3.0`;

const headers = (c: ConnectWiseConfig) => ({
  authorization: basicAuth(`${c.loginCompany}+${c.publicKey}`, c.privateKey),
  clientId: c.clientId,
});

/** The ticket's page; cloud sites answer the API on api-na.myconnectwise.net and people on na.myconnectwise.net. */
function ticketUrl(c: ConnectWiseConfig, ticketId: number) {
  const web = new URL(site(c.webUrl ?? c.url));
  if (!c.webUrl) web.hostname = web.hostname.replace(/^api-/, '');
  const query = new URLSearchParams({ service_recid: String(ticketId), companyName: c.loginCompany });
  return `${baseUrl(web.toString())}/v4_6_release/services/system_io/Service/fv_sr100_request.rails?${query}`;
}

/** A customer by record id, or by the identifier people see (e.g. "AcmeCorp"). */
function companyRef(value: string) {
  const id = recordId(value);
  return id ? { id } : { identifier: value };
}

const isClosedStatus = (c: ConnectWiseConfig, status: { id?: number; name?: string } | undefined) =>
  typeof c.closedStatus === 'number' ? status?.id === c.closedStatus : status?.name === c.closedStatus;

/** The ticket as it is now; a deleted ticket counts as closed, so the next problem opens a new one. */
async function ticketState(c: ConnectWiseConfig, ticket: TicketRef, ctx: ChannelContext) {
  const url = `${api(c)}/service/tickets/${encodeURIComponent(ticket.id)}?fields=id,closedFlag,status`;
  return stateOf(await callVendor(ctx, { method: 'GET', url, headers: headers(c) }), (t) => t.closedFlag === true || isClosedStatus(c, t.status));
}

async function addNote(c: ConnectWiseConfig, ticket: TicketRef, req: TicketRequest, ctx: ChannelContext): Promise<TicketOutcome> {
  // Internal analysis: seen by members only, never sent to the customer's contact.
  const json = { text: req.body, internalAnalysisFlag: true, detailDescriptionFlag: false, resolutionFlag: false };
  const reply = await callVendor(ctx, { method: 'POST', url: `${api(c)}/service/tickets/${encodeURIComponent(ticket.id)}/notes`, headers: headers(c), json });
  return outcomeOf(reply);
}

/** Attaching the configuration is a second request after the ticket exists: a failure is reported, not retried (a retry would open a second ticket). */
async function attachConfiguration(c: ConnectWiseConfig, ticketId: number, assetId: string, ctx: ChannelContext): Promise<string | undefined> {
  if (!assetId.trim()) return undefined;
  const configurationId = recordId(assetId);
  if (!configurationId) return `assetId "${assetId}" is not a configuration record id, so no configuration was attached`;
  const url = `${api(c)}/service/tickets/${ticketId}/configurations`;
  const reply = await callVendor(ctx, { method: 'POST', url, headers: headers(c), json: { id: configurationId } });
  return reply.ok ? undefined : `attaching configuration ${configurationId} failed: ${reply.error}`;
}

/** A string in a conditions clause: ConnectWise quotes strings in double quotes, so quotes and backslashes are dropped from what people type. */
const quoted = (text: string) => `"${text.replace(/["\\]/g, '')}"`;

/** Finds the ticket a create made, by the marker in its external reference (a filtered query on the tickets, not a search index). */
async function findByMarker(c: ConnectWiseConfig, req: TicketRequest, ctx: ChannelContext): Promise<TicketOutcome> {
  const query = new URLSearchParams({ conditions: `externalXRef=${quoted(req.marker)}`, fields: 'id,externalXRef', orderBy: 'id asc', pageSize: '10' });
  const got = await callVendor(ctx, { step: 'ConnectWise ticket search', method: 'GET', url: `${api(c)}/service/tickets?${query}`, headers: headers(c) });
  if (!got.ok) return got;
  const found = (Array.isArray(got.json) ? got.json : []).find((t: any) => t?.externalXRef === req.marker && recordId(t.id));
  if (!found) return { ok: true, status: got.status };
  const ticketId = recordId(found.id)!;
  return { ok: true, status: got.status, ticket: { id: String(ticketId), url: ticketUrl(c, ticketId) } };
}

const PAGE_SIZE = 50;

/** The next page from the Link header ConnectWise sends with every list (rel="next" is absent on the last page). */
function nextPage(headers: Record<string, string | string[] | undefined>): string | null {
  const link = [headers.link ?? []].flat().join(',');
  const next = link.split(',').find((part) => /;\s*rel="?next"?/i.test(part))?.match(/<([^>]+)>/)?.[1];
  if (!next) return null;
  const page = new URL(next, 'http://link').searchParams.get('page');
  return page && /^\d+$/.test(page) ? page : null;
}

/** One page of a ConnectWise list, searched by name on the server (`like` takes % as the wildcard). */
async function listPage(c: ConnectWiseConfig, ctx: ChannelContext, step: string, path: string, q: LookupQuery, conditions: string[], alias?: 'identifier'): Promise<LookupPage> {
  const search = q.search?.trim() ? [`name like ${quoted(`%${q.search.trim()}%`)}`] : [];
  const all = [...conditions, ...search];
  const query = new URLSearchParams({
    ...(all.length ? { conditions: all.join(' and ') } : {}),
    fields: alias ? `id,name,${alias}` : 'id,name',
    orderBy: 'name asc',
    page: String(pageNumber(q)),
    pageSize: String(PAGE_SIZE),
  });
  const got = await callVendor(ctx, { step, method: 'GET', url: `${api(c)}${path}?${query}`, headers: headers(c) });
  if (!got.ok) return got;
  const items = (Array.isArray(got.json) ? got.json : []).filter((i: any) => recordId(i?.id) && typeof i.name === 'string').map((i: any) => ({ id: String(i.id), name: String(i.name), ...(alias && typeof i[alias] === 'string' ? { also: [i[alias]] } : {}) }));
  return { ok: true, items, nextPage: nextPage(got.headers) };
}

export const connectwiseTicketing: TicketingAdapter<ConnectWiseConfig> = {
  type: 'connectwise',
  kind: 'ticketing',
  config,
  secrets: ['publicKey', 'privateKey', 'clientId'],
  fields: ['companyId', 'boardId', 'assetId'],

  async open(c, req, ctx) {
    const company = req.fields.companyId?.trim() || c.companyId;
    if (!company) return refusal('no companyId: set one on the check, its group or the channel');
    const ids = recordIds(req.fields, c, ['boardId']);
    if ('ok' in ids) return ids;
    const priority = c.priorities[req.priority];
    const json = {
      summary: truncate(req.subject, SUMMARY_MAX),
      initialDescription: req.body,
      company: companyRef(company),
      externalXRef: req.marker,
      ...(ids.boardId ? { board: { id: ids.boardId } } : {}),
      ...(c.statusId ? { status: { id: c.statusId } } : {}),
      ...(priority ? { priority: { id: priority } } : {}),
    };
    const reply = await callVendor(ctx, { method: 'POST', url: `${api(c)}/service/tickets`, headers: headers(c), json });
    if (!reply.ok) return reply;
    const ticketId = recordId(reply.json?.id);
    if (!ticketId) return refusal('ConnectWise answered without the new ticket id', reply.status);
    const problem = await attachConfiguration(c, ticketId, req.fields.assetId ?? '', ctx);
    return { ok: true, status: reply.status, ticket: { id: String(ticketId), url: ticketUrl(c, ticketId) }, ...(problem ? { response: problem } : {}) };
  },

  markerIn: 'the external reference (externalXRef)',
  find: findByMarker,

  lookups: {
    companies: {
      noun: 'company',
      config: ['companyId'],
      fields: ['companyId'],
      // A company is set by its record id or its identifier (AcmeCorp): both count as chosen from the list.
      list: (c, q, ctx) => listPage(c, ctx, 'ConnectWise companies', '/company/companies', q, ['deletedFlag=false'], 'identifier'),
    },
    boards: {
      noun: 'service board',
      config: ['boardId'],
      fields: ['boardId'],
      list: (c, q, ctx) => listPage(c, ctx, 'ConnectWise service boards', '/service/boards', q, ['inactiveFlag=false']),
    },
    statuses: {
      noun: 'status',
      config: ['statusId', 'closedStatus'],
      parent: 'boardId',
      list(c, q, ctx) {
        const board = recordId(q.parent);
        if (!board) return Promise.resolve(refusal('choose a service board first'));
        return listPage(c, ctx, 'ConnectWise board statuses', `/service/boards/${board}/statuses`, q, ['inactive=false']);
      },
    },
    priorities: {
      noun: 'priority',
      config: ['priorities.high', 'priorities.low'],
      list: (c, q, ctx) => listPage(c, ctx, 'ConnectWise priorities', '/service/priorities', q, []),
    },
  },

  note: (c, ticket, req, ctx) => unlessClosed(ticketState(c, ticket, ctx), () => addNote(c, ticket, req, ctx)),

  close: (c, ticket, req, ctx) =>
    unlessClosed(
      ticketState(c, ticket, ctx),
      () => addNote(c, ticket, req, ctx),
      async () => {
        const value = typeof c.closedStatus === 'number' ? { id: c.closedStatus } : { name: c.closedStatus };
        const json = [{ op: 'replace', path: 'status', value }];
        return outcomeOf(await callVendor(ctx, { method: 'PATCH', url: `${api(c)}/service/tickets/${encodeURIComponent(ticket.id)}`, headers: headers(c), json }));
      },
    ),

  verify: async (c, ctx) => outcomeOf(await callVendor(ctx, { method: 'GET', url: `${api(c)}/system/info`, headers: headers(c) })),
};
