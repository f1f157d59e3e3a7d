import { z } from 'zod';
import { truncate } from '../../alerts/channels/channel.text.js';
import type { ChannelContext } from '../../alerts/channels/channel.types.js';
import { type LookupPage, type LookupQuery, type TicketingAdapter, type TicketOutcome, type TicketRef, type TicketRequest, type VendorLookup, ticketingCommon } from '../tickets.types.js';
import { baseUrl, callVendor, outcomeOf, recordId, recordIds, refusal, stateOf, unlessClosed } from './vendor.http.js';
import { holdsMarker } from './vendor.marker.js';
import { byName } from '../tickets.lookups.js';

const id = z.number().int().positive();

const config = ticketingCommon.extend({
  /** The zone's REST URL, as ZoneInformation gives it: https://webservicesN.autotask.net/atservicesrest */
  url: z.url({ protocol: /^https?$/ }),
  /** Where people open tickets (https://wwN.autotask.net); by default the zone's, from the REST URL. */
  webUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** The API-only user: its tracking identifier (integration code), user name and secret. */
  integrationCode: z.string().min(1),
  userName: z.string().min(1),
  secret: z.string().min(1),
  /** Defaults for checks and groups without their own. */
  companyId: id.optional(),
  queueId: id.optional(),
  /** Priority picklist values; Autotask's standard list has 1 High, 2 Medium, 3 Low, 4 Critical. */
  priorities: z.object({ high: id.default(1), low: id.default(3) }).default({ high: 1, low: 3 }),
  /** Status picklist values: 1 New and 5 Complete as Autotask ships them. */
  newStatus: id.default(1),
  completeStatus: id.default(5),
  /** Statuses that mean a ticket is done (a person may complete it with another). */
  closedStatuses: z.array(id).min(1).default([5]),
  /** TicketNotes picklists: the note type, and who sees it (2: internal users only, not the client portal). */
  noteType: id.default(3),
  notePublish: id.default(2),
});

type AutotaskConfig = z.infer<typeof config>;

/** Ticket title 255, description 8000; ticket note title 250, description 32000 (characters). */
const LIMITS = { title: 255, description: 8000, noteTitle: 250, noteDescription: 32000 };

const api = (c: AutotaskConfig) => `${baseUrl(c.url).replace(/\/v1\.0$/i, '')}/v1.0`;

const headers = (c: AutotaskConfig) => ({ ApiIntegrationCode: c.integrationCode, UserName: c.userName, Secret: c.secret });

/** The ExecuteCommand link that opens a ticket, on the zone's web host (webservices5 → ww5). */
function ticketUrl(c: AutotaskConfig, ticketId: number): string | null {
  const zone = new URL(c.url).hostname.match(/^webservices(\d+)\.autotask\.net$/i)?.[1];
  const web = c.webUrl ? baseUrl(c.webUrl) : zone ? `https://ww${zone}.autotask.net` : null;
  return web && `${web}/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenTicketDetail&TicketID=${ticketId}`;
}

/** The ticket as it is now; one deleted counts as closed, so the next problem opens a new one. */
async function ticketState(c: AutotaskConfig, ticket: TicketRef, ctx: ChannelContext) {
  const reply = await callVendor(ctx, { method: 'GET', url: `${api(c)}/Tickets/${encodeURIComponent(ticket.id)}`, headers: headers(c) });
  return stateOf(reply, (t) => !t.item || c.closedStatuses.includes(t.item.status));
}

async function addNote(c: AutotaskConfig, ticket: TicketRef, req: TicketRequest, ctx: ChannelContext): Promise<TicketOutcome> {
  const json = {
    ticketID: Number(ticket.id),
    title: truncate(req.subject, LIMITS.noteTitle),
    description: truncate(req.body, LIMITS.noteDescription),
    noteType: c.noteType,
    publish: c.notePublish,
  };
  const reply = await callVendor(ctx, { method: 'POST', url: `${api(c)}/Tickets/${encodeURIComponent(ticket.id)}/Notes`, headers: headers(c), json });
  return outcomeOf(reply);
}

/** The description, and the marker on its last line: Autotask keeps descriptions as plain text, so there is no hiding it. */
const withMarker = (body: string, req: TicketRequest) => `${truncate(body, LIMITS.description - req.marker.length - 2)}\n\n${req.marker}`;

/** A query with Autotask's JSON filter, sent as the documented `search` parameter of GET …/query. */
const queryUrl = (c: AutotaskConfig, entity: string, search: object) => `${api(c)}/${entity}/query?search=${encodeURIComponent(JSON.stringify(search))}`;


/** Finds the ticket a create made by the marker in its description: a filtered query on the tickets, not a search index. */
async function findByMarker(c: AutotaskConfig, req: TicketRequest, ctx: ChannelContext): Promise<TicketOutcome> {
  const ids = recordIds(req.fields, c, ['companyId']);
  const company = 'ok' in ids ? undefined : ids.companyId;
  const filter = [{ op: 'contains', field: 'description', value: req.marker }, ...(company ? [{ op: 'eq', field: 'companyID', value: company }] : [])];
  const got = await callVendor(ctx, { step: 'Autotask ticket search', method: 'GET', url: queryUrl(c, 'Tickets', { filter, MaxRecords: 10, IncludeFields: ['id', 'description'] }), headers: headers(c) });
  if (!got.ok) return got;
  const items: any[] = Array.isArray(got.json?.items) ? got.json.items : [];
  const found = items.find((t) => recordId(t?.id) && typeof t.description === 'string' && holdsMarker(t.description, req.marker));
  if (!found) return { ok: true, status: got.status };
  const ticketId = recordId(found.id)!;
  return { ok: true, status: got.status, ticket: { id: String(ticketId), url: ticketUrl(c, ticketId) } };
}

const PAGE_SIZE = 50;

/**
 * Autotask pages a query by the `nextPageUrl` of its `pageDetails` (null on the last page). It is kept as the
 * opaque next page, and followed only when it is this zone's query of the same entity: the credentials go with it.
 */
function pagedUrl(c: AutotaskConfig, entity: string, page: string | null): string | null {
  if (!page) return null;
  return page.startsWith(`${api(c)}/${entity}/query`) && !/[\s#]/.test(page) ? page : null;
}

async function listCompanies(c: AutotaskConfig, q: LookupQuery, ctx: ChannelContext): Promise<LookupPage> {
  const filter = [{ op: 'eq', field: 'isActive', value: true }, ...(q.search?.trim() ? [{ op: 'contains', field: 'companyName', value: q.search.trim() }] : [])];
  const url = pagedUrl(c, 'Companies', q.page) ?? queryUrl(c, 'Companies', { filter, MaxRecords: PAGE_SIZE, IncludeFields: ['id', 'companyName'] });
  const got = await callVendor(ctx, { step: 'Autotask companies', method: 'GET', url, headers: headers(c) });
  if (!got.ok) return got;
  const items = (Array.isArray(got.json?.items) ? got.json.items : [])
    .filter((i: any) => recordId(i?.id) && typeof i.companyName === 'string')
    .map((i: any) => ({ id: String(i.id), name: String(i.companyName) }));
  const next = got.json?.pageDetails?.nextPageUrl;
  return { ok: true, items, nextPage: typeof next === 'string' && next ? next : null };
}

/**
 * The active values of one of an entity's picklists (queues, statuses, priorities are picklists of Tickets), from
 * entityInformation/fields. Autotask gives a picklist whole, so the search filters it here, and there is one page.
 */
function picklist(entity: string, field: string, noun: string, config: readonly string[], fields?: readonly string[]): VendorLookup<AutotaskConfig> {
  return {
    noun,
    config,
    ...(fields ? { fields } : {}),
    async list(c, q, ctx) {
      const got = await callVendor(ctx, { step: `Autotask ${noun} list`, method: 'GET', url: `${api(c)}/${entity}/entityInformation/fields`, headers: headers(c) });
      if (!got.ok) return got;
      const definition = (Array.isArray(got.json?.fields) ? got.json.fields : []).find((f: any) => f?.name === field);
      if (!definition?.isPickList || !Array.isArray(definition.picklistValues)) return refusal(`Autotask has no ${field} picklist on ${entity}`, got.status);
      const items = definition.picklistValues
        .filter((v: any) => v?.isActive !== false && recordId(v?.value) && typeof v.label === 'string')
        .sort((a: any, b: any) => (Number(a.sortOrder) || 0) - (Number(b.sortOrder) || 0))
        .map((v: any) => ({ id: String(v.value), name: String(v.label) }));
      return { ok: true, items: byName(items, q.search), nextPage: null };
    },
  };
}

export const autotaskTicketing: TicketingAdapter<AutotaskConfig> = {
  type: 'autotask',
  kind: 'ticketing',
  config,
  secrets: ['integrationCode', 'secret'],
  fields: ['companyId', 'queueId', 'assetId'],

  async open(c, req, ctx) {
    const ids = recordIds(req.fields, c, ['companyId', 'queueId']);
    if ('ok' in ids) return ids;
    if (!ids.companyId) return refusal('no companyId: set one on the check, its group or the channel');
    if (!ids.queueId) return refusal('no queueId: set one on the check, its group or the channel');
    const asset = req.fields.assetId?.trim() ?? '';
    const configurationItemID = recordId(asset);
    const json = {
      companyID: ids.companyId,
      queueID: ids.queueId,
      title: truncate(req.subject, LIMITS.title),
      description: withMarker(req.body, req),
      status: c.newStatus,
      priority: c.priorities[req.priority],
      ...(configurationItemID ? { configurationItemID } : {}),
    };
    const reply = await callVendor(ctx, { method: 'POST', url: `${api(c)}/Tickets`, headers: headers(c), json });
    if (!reply.ok) return reply;
    const ticketId = recordId(reply.json?.itemId);
    if (!ticketId) return refusal('Autotask answered without the new ticket id', reply.status);
    const skipped = asset && !configurationItemID ? { response: `assetId "${asset}" is not a configuration item id, so no asset was set` } : {};
    return { ok: true, status: reply.status, ticket: { id: String(ticketId), url: ticketUrl(c, ticketId) }, ...skipped };
  },

  markerIn: 'the last line of the description (found with a `contains` filter)',
  find: findByMarker,

  lookups: {
    companies: { noun: 'company', config: ['companyId'], fields: ['companyId'], list: listCompanies },
    queues: picklist('Tickets', 'queueID', 'queue', ['queueId'], ['queueId']),
    statuses: picklist('Tickets', 'status', 'status', ['newStatus', 'completeStatus', 'closedStatuses']),
    priorities: picklist('Tickets', 'priority', 'priority', ['priorities.high', 'priorities.low']),
    notetypes: picklist('TicketNotes', 'noteType', 'note type', ['noteType']),
  },

  note: (c, ticket, req, ctx) => unlessClosed(ticketState(c, ticket, ctx), () => addNote(c, ticket, req, ctx)),

  close: (c, ticket, req, ctx) =>
    unlessClosed(
      ticketState(c, ticket, ctx),
      () => addNote(c, ticket, req, ctx),
      async () => outcomeOf(await callVendor(ctx, { method: 'PATCH', url: `${api(c)}/Tickets`, headers: headers(c), json: { id: Number(ticket.id), status: c.completeStatus } })),
    ),

  verify: async (c, ctx) => outcomeOf(await callVendor(ctx, { method: 'GET', url: `${api(c)}/Tickets/entityInformation`, headers: headers(c) })),
};
