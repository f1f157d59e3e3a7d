import { z } from 'zod';
import { truncate } from '../../alerts/channels/channel.text.js';
import type { ChannelContext } from '../../alerts/channels/channel.types.js';
import { type LookupItem, type LookupPage, type LookupQuery, type TicketingAdapter, type TicketRef, type TicketRequest, type VendorLookup, ticketingCommon } from '../tickets.types.js';
import { baseUrl, callVendor, recordId, refusal, type TicketState, unlessClosed, type VendorReply } from './vendor.http.js';
import { byName } from '../tickets.lookups.js';

// Products, components, versions, priorities and statuses are names each installation defines; '' leaves a
// (defaulted) field to the installation's default.
const value = z.string().trim().max(255).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters');
const named = value.min(1);

const config = ticketingCommon.extend({
  /** The Bugzilla base URL (self-hosted: no default), e.g. https://bugzilla.example.com; the API is under /rest. */
  apiUrl: z.url({ protocol: /^https?$/ }),
  /** An API key (Preferences > API Keys), sent as X-BUGZILLA-API-KEY. */
  apiKey: z.string().regex(/^[\x21-\x7e]{1,200}$/, 'an API key: letters, digits and symbols, no spaces'),
  /** Where bugs go when the check and its group name no `product` / `component`. */
  product: named.optional(),
  component: named.optional(),
  version: named.default('unspecified'),
  opSys: value.default('All'),
  platform: value.default('All'),
  /** By the ticket's priority; Bugzilla 5 ships Highest…Lowest and blocker…enhancement. */
  priorities: z.object({ high: value.default('High'), low: value.default('Low') }).default({ high: 'High', low: 'Low' }),
  severities: z.object({ high: value.default('major'), low: value.default('normal') }).default({ high: 'major', low: 'normal' }),
  closeStatus: named.default('RESOLVED'),
  closeResolution: named.default('FIXED'),
  /** Descriptions and comments visible to the insider group only (the key's user must be in it). */
  privateComments: z.boolean().default(false),
});

type BugzillaConfig = z.infer<typeof config>;

/** Bugzilla's limits: a summary of 255 characters, a comment (the description too) of 65,535. */
const LIMITS = { summary: 255, comment: 65_535 } as const;
/** Error 101: "Invalid Bug ID", the bug does not exist (any more). */
const NO_SUCH_BUG = 101;
/** Error 100: "Invalid Bug Alias", no bug has the alias. */
const NO_SUCH_ALIAS = 100;

/**
 * The marker as the bug's alias, where Bugzilla takes it: at most 40 characters, not only digits, no
 * comma or space (Bugzilla::Bug::_check_alias, 5.0), and unique in the installation, which is what
 * lets `find` fetch the bug by it.
 */
const aliasOf = (marker: string) => (marker.length <= 40 && !/^\d+$/.test(marker) && !/[,\s]/.test(marker) ? marker : null);

const web = (c: BugzillaConfig) => baseUrl(c.apiUrl);

/** Bugzilla's own error, `{error: true, code, message}`, which it sends with HTTP 200 as well as 4xx and 5xx. */
function bugzillaError(json: unknown): { code: number | null; message: string } | null {
  const e = json as { error?: unknown; code?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object' || e.error !== true) return null;
  return { code: typeof e.code === 'number' ? e.code : null, message: typeof e.message === 'string' ? e.message : 'no message' };
}

function parse(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return null;
  }
}

/** One REST call with the API key; an error Bugzilla answers (with any HTTP status) fails it in Bugzilla's words. */
async function call(c: BugzillaConfig, ctx: ChannelContext, step: string, method: string, path: string, json?: unknown): Promise<VendorReply> {
  const reply = await callVendor(ctx, { step, method, url: `${web(c)}/rest${path}`, headers: { 'x-bugzilla-api-key': c.apiKey }, json });
  const error = bugzillaError(reply.ok ? reply.json : parse(reply.response));
  if (!error) return reply;
  const said = `${step}: Bugzilla error ${error.code ?? '(no code)'}: ${error.message}`;
  // An error with HTTP 200 is a refusal all the same: repeating the request changes nothing.
  if (reply.ok) return { ...refusal(said, reply.status), response: JSON.stringify(reply.json).slice(0, 500) };
  return { ...reply, error: `${said} (HTTP ${reply.status})` };
}

/** Whether the bug is closed; one Bugzilla no longer has (error 101, or a plain 404) counts as closed. */
async function bugState(c: BugzillaConfig, id: number, ctx: ChannelContext): Promise<TicketState> {
  const got = await call(c, ctx, 'Bugzilla bug', 'GET', `/bug/${id}?include_fields=id,is_open`);
  if (!got.ok) {
    const code = bugzillaError(parse(got.response))?.code;
    return (code === undefined ? got.status === 404 : code === NO_SUCH_BUG) ? { ok: true, closed: true } : got;
  }
  const open: unknown = got.json?.bugs?.[0]?.is_open;
  if (typeof open !== 'boolean') return refusal('unexpected answer: the bug has no is_open', got.status);
  return { ok: true, status: got.status, closed: !open };
}

/** Bugzilla shows comments as plain text (HTML escaped, no Markdown), so report text can neither format nor mention. */
const commentText = (req: TicketRequest) => truncate(req.body, LIMITS.comment);

async function write(c: BugzillaConfig, ticket: TicketRef, req: TicketRequest, ctx: ChannelContext, close: boolean) {
  const id = recordId(ticket.id);
  if (!id) return refusal(`"${ticket.id}" is not a Bugzilla bug id`);
  const comment = async () => {
    const body = { comment: commentText(req), is_private: c.privateComments, is_markdown: false };
    const reply = await call(c, ctx, 'Bugzilla comment', 'POST', `/bug/${id}/comment`, body);
    return reply.ok ? { ok: true as const, status: reply.status } : reply;
  };
  const resolve = async () => {
    const body = { status: c.closeStatus, resolution: c.closeResolution, comment: { body: commentText(req), is_private: c.privateComments } };
    const reply = await call(c, ctx, 'Bugzilla resolve', 'PUT', `/bug/${id}`, body);
    return reply.ok ? { ok: true as const, status: reply.status } : reply;
  };
  return unlessClosed(bugState(c, id, ctx), close ? resolve : comment);
}

/** The optional fields, left out when set to '' so the installation's default applies. */
function defaulted(c: BugzillaConfig, req: TicketRequest) {
  const pairs = [['op_sys', c.opSys], ['platform', c.platform], ['priority', c.priorities[req.priority]], ['severity', c.severities[req.priority]]];
  return Object.fromEntries(pairs.filter(([, v]) => v));
}

/** Bugzilla answers these lists whole, unpaged and without a name filter: filtered here. */
function whole(items: LookupItem[], q: LookupQuery): LookupPage {
  return { ok: true, items: byName(items, q.search), nextPage: null };
}

/** A product's components or versions, the active ones (the others take no new bugs). */
function productPart(noun: string, part: 'components' | 'versions', config: string[]): VendorLookup<BugzillaConfig> {
  return {
    noun,
    config,
    ...(part === 'components' ? { fields: ['component'] } : {}),
    parent: 'product',
    async list(c, q, ctx) {
      if (!q.parent) return refusal('choose a product first');
      const query = new URLSearchParams({ names: q.parent, include_fields: `name,${part}.name,${part}.is_active` });
      const got = await call(c, ctx, `Bugzilla ${part}`, 'GET', `/product?${query}`);
      if (!got.ok) return got;
      // Bugzilla leaves out a product that does not exist or that the user cannot see: it has nothing to offer.
      const product = (got.json?.products ?? []).find((p: any) => p?.name === q.parent);
      const items = (product?.[part] ?? []).filter((x: any) => typeof x?.name === 'string' && x.is_active !== false).map((x: any) => ({ id: x.name, name: x.name }));
      return whole(items, q);
    },
  };
}

/** The legal values of one of the bug's select fields (GET /rest/field/bug/<name>). */
function fieldValues(noun: string, field: string, config: string[], keep: (value: any) => boolean = () => true): VendorLookup<BugzillaConfig> {
  return {
    noun,
    config,
    async list(c, q, ctx) {
      const got = await call(c, ctx, `Bugzilla field ${field}`, 'GET', `/field/bug/${field}`);
      if (!got.ok) return got;
      const values = (got.json?.fields ?? []).find((f: any) => f?.name === field)?.values ?? [];
      const items = values.filter((v: any) => typeof v?.name === 'string' && v.name !== '' && v.is_active !== false && keep(v)).map((v: any) => ({ id: v.name, name: v.name }));
      return whole(items, q);
    },
  };
}

export const bugzillaTicketing: TicketingAdapter<BugzillaConfig> = {
  type: 'bugzilla',
  kind: 'ticketing',
  config,
  secrets: ['apiKey'],
  fields: ['product', 'component'],

  async open(c, req, ctx) {
    const product = named.safeParse(req.fields.product?.trim() || c.product);
    const component = named.safeParse(req.fields.component?.trim() || c.component);
    if (!product.success || !component.success) return refusal('no usable Bugzilla product and component: set them on the check, its group or the channel');
    const bug = {
      product: product.data,
      component: component.data,
      version: c.version,
      summary: truncate(req.subject, LIMITS.summary),
      description: commentText(req),
      ...defaulted(c, req),
      ...(c.privateComments ? { comment_is_private: true } : {}),
      ...(aliasOf(req.marker) ? { alias: [aliasOf(req.marker)] } : {}),
    };
    const created = await call(c, ctx, 'Bugzilla new bug', 'POST', '/bug', bug);
    if (!created.ok) return created;
    const id = recordId(created.json?.id);
    if (!id) return refusal('Bugzilla answered without the new bug id', created.status);
    return { ok: true, status: created.status, ticket: { id: String(id), url: `${web(c)}/show_bug.cgi?id=${id}` } };
  },

  markerIn: 'the bug alias',
  async find(c, req, ctx) {
    const alias = aliasOf(req.marker);
    if (!alias) return { ok: true };
    const got = await call(c, ctx, 'Bugzilla bug by alias', 'GET', `/bug/${encodeURIComponent(alias)}?include_fields=id,alias`);
    if (!got.ok) return bugzillaError(parse(got.response))?.code === NO_SUCH_ALIAS ? { ok: true, ...(got.status ? { status: got.status } : {}) } : got;
    const bug = got.json?.bugs?.[0];
    const id = recordId(bug?.id);
    // Bugzilla 5 answers the aliases as a list, earlier ones as a string.
    const aliases: unknown[] = Array.isArray(bug?.alias) ? bug.alias : [bug?.alias];
    if (!id || !aliases.includes(alias)) return refusal(`unexpected answer: the bug of alias ${alias} is not one`, got.status);
    return { ok: true, status: got.status, ticket: { id: String(id), url: `${web(c)}/show_bug.cgi?id=${id}` } };
  },

  lookups: {
    products: {
      noun: 'product',
      config: ['product'],
      fields: ['product'],
      async list(c, q, ctx) {
        const got = await call(c, ctx, 'Bugzilla products', 'GET', '/product?type=enterable&include_fields=name,is_active');
        if (!got.ok) return got;
        const items = (got.json?.products ?? []).filter((p: any) => typeof p?.name === 'string' && p.is_active !== false).map((p: any) => ({ id: p.name, name: p.name }));
        return whole(items, q);
      },
    },
    components: productPart('component', 'components', ['component']),
    versions: productPart('version', 'versions', ['version']),
    priorities: fieldValues('priority', 'priority', ['priorities.high', 'priorities.low']),
    severities: fieldValues('severity', 'bug_severity', ['severities.high', 'severities.low']),
    platforms: fieldValues('platform', 'rep_platform', ['platform']),
    operating_systems: fieldValues('operating system', 'op_sys', ['opSys']),
    statuses: fieldValues('closed status', 'bug_status', ['closeStatus'], (v) => v.is_open === false),
    resolutions: fieldValues('resolution', 'resolution', ['closeResolution']),
  },

  note: (c, ticket, req, ctx) => write(c, ticket, req, ctx, false),
  close: (c, ticket, req, ctx) => write(c, ticket, req, ctx, true),

  // The key's user; and the default product and component, when set, as this user sees them.
  async verify(c, ctx) {
    const me = await call(c, ctx, 'Bugzilla whoami', 'GET', '/whoami');
    if (!me.ok) return me;
    const who = { ok: true as const, status: me.status, response: `API key of ${String(me.json?.name ?? 'an unnamed user')}` };
    if (!c.product) return who;
    const query = new URLSearchParams({ names: c.product, include_fields: 'name,components.name' });
    const got = await call(c, ctx, 'Bugzilla product', 'GET', `/product?${query}`);
    if (!got.ok) return got;
    const product = (got.json?.products ?? []).find((p: { name?: unknown }) => p.name === c.product);
    // Bugzilla leaves out a product that does not exist or that the user cannot see, without an error.
    if (!product) return refusal(`Bugzilla has no product "${c.product}" this API key can see`, got.status);
    if (c.component && !(product.components ?? []).some((k: { name?: unknown }) => k.name === c.component)) {
      return refusal(`product "${c.product}" has no component "${c.component}"`, got.status);
    }
    return who;
  },
};
