import { z } from 'zod';
import { truncate } from '../../alerts/channels/channel.text.js';
import type { ChannelContext } from '../../alerts/channels/channel.types.js';
import { type LookupItem, type LookupPage, type LookupQuery, type TicketingAdapter, type TicketOutcome, type TicketRef, type TicketRequest, ticketingCommon } from '../tickets.types.js';
import { htmlText } from './vendor.html.js';
import { baseUrl, callVendor, type Failure, outcomeOf, recordId, recordIds, refusal, stateOf, unlessClosed, type VendorReply } from './vendor.http.js';
import { type BearerToken, EXPIRY_MARGIN_MS, TokenCache } from './vendor.token.js';
import { holdsMarker } from './vendor.marker.js';
import { byName } from '../tickets.lookups.js';

const id = z.number().int().positive();

const config = ticketingCommon.extend({
  /** The BMS API v2 host of the tenant's region: api.bms, api.bmsemea or api.bmsapac.kaseya.com. */
  apiUrl: z.url({ protocol: /^https?$/ }).default('https://api.bms.kaseya.com'),
  /** The company (tenant) name and a BMS user's login, as under My Settings. */
  tenant: z.string().min(1),
  username: z.string().min(1),
  password: z.string().min(1),
  /** Defaults for checks and groups without their own; the location only goes with the default account. */
  accountId: id.optional(),
  locationId: id.optional(),
  queueId: id.optional(),
  /** BMS lookup ids, which differ per tenant: a new ticket's type, status and source, and its priorities. */
  typeId: id,
  newStatusId: id,
  /** 5: Monitoring System in BMS's list of ticket sources. */
  sourceId: z.number().int().min(0).default(5),
  issueTypeId: id.optional(),
  subIssueTypeId: id.optional(),
  priorities: z.object({ high: id, low: id }),
  /** The note type of the notes (added as internal notes). */
  noteTypeId: z.number().int().min(0),
  /** The status a recovery sets, and any other statuses that mean closed (a person may close with another). */
  closedStatusId: id,
  closedStatusIds: z.array(id).default([]),
});

type BmsConfig = z.infer<typeof config>;

const TITLE_MAX = 255;
const tokens = new TokenCache();

const api = (c: BmsConfig) => `${baseUrl(c.apiUrl)}/v2`;

/** BMS wraps every answer as { Success, Error: { Message }, Result }, and may refuse inside a 200. */
const bmsError = (json: any): string | undefined => json?.Error?.Message ?? json?.Message ?? undefined;

function unwrap(reply: VendorReply, step: string): VendorReply {
  if (!reply.ok || reply.json?.Success !== false) return reply;
  return refusal(`${step}: ${bmsError(reply.json) ?? 'BMS answered Success: false'}`, reply.status);
}

async function fetchToken(c: BmsConfig, ctx: ChannelContext): Promise<BearerToken | Failure> {
  const form = { GrantType: 'password', UserName: c.username, Password: c.password, Tenant: c.tenant };
  const step = 'token request';
  const reply = unwrap(await callVendor(ctx, { step, method: 'POST', url: `${api(c)}/security/authenticate`, headers: {}, form, vendorError: bmsError }), step);
  if (!reply.ok) return reply;
  const token = reply.json?.Result?.AccessToken;
  if (typeof token !== 'string' || !token) return refusal('BMS answered the token request without an AccessToken', reply.status);
  const expires = Date.parse(reply.json.Result.AccessTokenExpireOn ?? '');
  return { token, expiresAt: (Number.isFinite(expires) ? expires : Date.now() + 3_600_000) - EXPIRY_MARGIN_MS };
}

async function call(c: BmsConfig, ctx: ChannelContext, step: string, req: { method: string; path: string; json?: unknown }): Promise<VendorReply> {
  const key = TokenCache.key(api(c), c.tenant, c.username, c.password);
  const reply = await tokens.send(key, () => fetchToken(c, ctx), (token) =>
    callVendor(ctx, { step, method: req.method, url: `${api(c)}${req.path}`, headers: { authorization: `Bearer ${token}` }, json: req.json, vendorError: bmsError }),
  );
  return unwrap(reply, step);
}

const ticketPath = (ticket: TicketRef) => `/servicedesk/tickets/${encodeURIComponent(ticket.id)}`;

/** The ticket as it is now; one deleted counts as closed, so the next problem opens a new one. */
async function ticketState(c: BmsConfig, ticket: TicketRef, ctx: ChannelContext) {
  const reply = await call(c, ctx, 'BMS ticket', { method: 'GET', path: ticketPath(ticket) });
  return stateOf(reply, (t) => [c.closedStatusId, ...c.closedStatusIds].includes(t.Result?.StatusId));
}

/** An internal note (hidden from the client portal); BMS shows notes as rich text. */
async function addNote(c: BmsConfig, ticket: TicketRef, req: TicketRequest, ctx: ChannelContext): Promise<TicketOutcome> {
  const json = { Details: htmlText(req.body), IsInternal: true, TypeId: c.noteTypeId, NoteDate: new Date().toISOString() };
  return outcomeOf(await call(c, ctx, 'BMS note', { method: 'POST', path: `${ticketPath(ticket)}/notes`, json }));
}

/** The account, queue and location: the check's or group's, else the channel's; a location only with its own account. */
function placeOf(c: BmsConfig, fields: Record<string, string>) {
  const ids = recordIds(fields, { accountId: c.accountId, queueId: c.queueId }, ['accountId', 'queueId', 'locationId']);
  if ('ok' in ids) return ids;
  if (!ids.accountId) return refusal('no accountId: set one on the check, its group or the channel');
  const locationId = ids.locationId ?? (ids.accountId === c.accountId ? c.locationId : undefined);
  if (!locationId) return refusal(`no locationId for account ${ids.accountId}: set one beside the accountId`);
  return { ...ids, accountId: ids.accountId, locationId };
}

/**
 * The marker as the last line of the details. The Swagger document says nothing of how BMS treats an
 * HTML comment in the rich text, and a comment it dropped would leave nothing to search for.
 */
const withMarker = (details: string, req: TicketRequest) => `${details}<br><br>${htmlText(req.marker)}`;

const PAGE_SIZE = 50;
const pageNumber = (q: LookupQuery) => (q.page && /^[1-9]\d{0,5}$/.test(q.page) ? Number(q.page) : 1);

/** BMS's lookups answer { Id, Name } rows. */
function items(reply: VendorReply): LookupItem[] | null {
  if (!reply.ok) return null;
  const rows: unknown = reply.json?.Result;
  if (!Array.isArray(rows)) return null;
  return rows.filter((r) => recordId(r?.Id) && typeof r.Name === 'string').map((r) => ({ id: String(r.Id), name: r.Name as string }));
}

/**
 * A lookup BMS answers whole (no paging): searched by BMS where it takes a name filter (`nameFilter`, its query
 * parameter), else here, by name.
 */
async function wholeList(c: BmsConfig, ctx: ChannelContext, step: string, path: string, q: LookupQuery, nameFilter?: string): Promise<LookupPage> {
  const search = q.search?.trim();
  const query = nameFilter && search ? `?${new URLSearchParams({ [nameFilter]: search })}` : '';
  const reply = await call(c, ctx, step, { method: 'GET', path: `${path}${query}` });
  if (!reply.ok) return reply;
  const all = items(reply);
  if (!all) return refusal(`${step}: BMS answered without a list`, reply.status);
  return { ok: true, items: query ? all : byName(all, q.search), nextPage: null };
}

export const kaseyaBmsTicketing: TicketingAdapter<BmsConfig> = {
  type: 'kaseya-bms',
  kind: 'ticketing',
  config,
  secrets: ['password'],
  fields: ['accountId', 'locationId', 'queueId', 'assetId'],

  async open(c, req, ctx) {
    const place = placeOf(c, req.fields);
    if ('ok' in place) return place;
    const asset = req.fields.assetId?.trim() ?? '';
    const hardwareAssetId = recordId(asset);
    const json = {
      Title: truncate(req.subject, TITLE_MAX),
      Details: withMarker(htmlText(req.body), req),
      AccountId: place.accountId,
      LocationId: place.locationId,
      StatusId: c.newStatusId,
      PriorityId: c.priorities[req.priority],
      TypeId: c.typeId,
      SourceId: c.sourceId,
      OpenDate: new Date().toISOString(),
      ...(place.queueId ? { QueueId: place.queueId } : {}),
      ...(c.issueTypeId ? { IssueTypeId: c.issueTypeId } : {}),
      ...(c.subIssueTypeId ? { SubIssueTypeId: c.subIssueTypeId } : {}),
      ...(hardwareAssetId ? { HardwareAssetId: hardwareAssetId } : {}),
    };
    const reply = await call(c, ctx, 'BMS ticket', { method: 'POST', path: '/servicedesk/tickets', json });
    if (!reply.ok) return reply;
    const ticketId = recordId(reply.json?.Result?.Id);
    if (!ticketId) return refusal('BMS answered without the new ticket id', reply.status);
    const skipped = asset && !hardwareAssetId ? { response: `assetId "${asset}" is not a BMS hardware asset id, so no asset was set` } : {};
    return { ok: true, status: reply.status, ticket: { id: String(ticketId), url: null }, ...skipped };
  },

  markerIn: 'the last line of the details (searched with the Details filter of the ticket search)',
  async find(c, req, ctx) {
    // GetTicketsInputDto: the Details filter over the tickets the user may see, then the marker confirmed in what came back.
    const json = { PageSize: 20, PageNumber: 1, Filter: { Details: req.marker } };
    const reply = await call(c, ctx, 'BMS ticket search', { method: 'POST', path: '/servicedesk/tickets/search', json });
    if (!reply.ok) return reply;
    const rows: unknown[] = Array.isArray(reply.json?.Result) ? reply.json.Result : [];
    const ids = rows.filter((t: any) => holdsMarker(t?.Details, req.marker)).map((t: any) => recordId(t.Id));
    const first = ids.filter((i): i is number => i !== null).sort((a, b) => a - b)[0];
    return first ? { ok: true, status: reply.status, ticket: { id: String(first), url: null } } : { ok: true, status: reply.status };
  },

  lookups: {
    accounts: {
      noun: 'account',
      config: ['accountId'],
      fields: ['accountId'],
      async list(c, q, ctx) {
        const page = pageNumber(q);
        const params = new URLSearchParams({ PageSize: String(PAGE_SIZE), PageNumber: String(page) });
        if (q.search?.trim()) params.set('Filter.Name', q.search.trim());
        const reply = await call(c, ctx, 'BMS accounts', { method: 'GET', path: `/crm/accounts/lookup?${params}` });
        if (!reply.ok) return reply;
        const found = items(reply);
        if (!found) return refusal('BMS accounts: BMS answered without a list', reply.status);
        // The account lookup answers no TotalRecords: a full page may have another after it.
        return { ok: true, items: found, nextPage: found.length === PAGE_SIZE ? String(page + 1) : null };
      },
    },
    locations: {
      noun: 'location',
      config: ['locationId'],
      fields: ['locationId'],
      parent: 'accountId',
      list(c, q, ctx) {
        const accountId = recordId(q.parent);
        if (!accountId) return Promise.resolve(refusal('choose an account first'));
        return wholeList(c, ctx, 'BMS locations', `/crm/accounts/${accountId}/locations/lookup`, q);
      },
    },
    queues: {
      noun: 'queue',
      config: ['queueId'],
      fields: ['queueId'],
      list: (c, q, ctx) => wholeList(c, ctx, 'BMS queues', '/system/queues/lookup', q),
    },
    // GetStatusLookups and GetPriorityLookups take no parameters; GetIssueTypeLookups takes Filter.Name, and
    // GetIssueSubTypeLookups only the issue type in its path. The Swagger document has no list of ticket types,
    // ticket sources or note types (typeId, sourceId and noteTypeId stay without one).
    statuses: {
      noun: 'status',
      config: ['newStatusId', 'closedStatusId', 'closedStatusIds'],
      list: (c, q, ctx) => wholeList(c, ctx, 'BMS statuses', '/system/statuses/lookup', q),
    },
    priorities: {
      noun: 'priority',
      config: ['priorities.high', 'priorities.low'],
      list: (c, q, ctx) => wholeList(c, ctx, 'BMS priorities', '/system/priorities/lookup', q),
    },
    issueTypes: {
      noun: 'issue type',
      config: ['issueTypeId'],
      list: (c, q, ctx) => wholeList(c, ctx, 'BMS issue types', '/system/issuetypes/lookup', q, 'Filter.Name'),
    },
    subIssueTypes: {
      noun: 'sub-issue type',
      config: ['subIssueTypeId'],
      parent: 'issueTypeId',
      list(c, q, ctx) {
        const issueTypeId = recordId(q.parent);
        if (!issueTypeId) return Promise.resolve(refusal('choose an issue type first'));
        return wholeList(c, ctx, 'BMS sub-issue types', `/system/issuetypes/${issueTypeId}/issuesubtypes/lookup`, q);
      },
    },
  },

  note: (c, ticket, req, ctx) => unlessClosed(ticketState(c, ticket, ctx), () => addNote(c, ticket, req, ctx)),

  close: (c, ticket, req, ctx) =>
    unlessClosed(
      ticketState(c, ticket, ctx),
      () => addNote(c, ticket, req, ctx),
      async () => {
        const json = [{ op: 'replace', path: '/StatusId', value: c.closedStatusId }];
        return outcomeOf(await call(c, ctx, 'BMS status', { method: 'PATCH', path: ticketPath(ticket), json }));
      },
    ),

  verify: async (c, ctx) => outcomeOf(await call(c, ctx, 'BMS user info', { method: 'GET', path: '/security/userinfo' })),
};
