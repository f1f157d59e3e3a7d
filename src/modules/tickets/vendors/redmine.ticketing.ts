import { z } from 'zod';
import { checkLink, clipBytes, truncate } from '../../alerts/channels/channel.text.js';
import type { ChannelContext } from '../../alerts/channels/channel.types.js';
import { type LookupItem, type LookupPage, type LookupQuery, type TicketingAdapter, type TicketOutcome, type TicketRef, type TicketRequest, type VendorLookup, ticketingCommon } from '../tickets.types.js';
import { baseUrl, callVendor, outcomeOf, refusal, type TicketState, unlessClosed, type VendorReply } from './vendor.http.js';
import { byName, pageNumber } from '../tickets.lookups.js';

// Redmine's REST API (JSON), which an administrator enables under Administration > Settings > API.

const id = z.number().int().positive();
/** A project's numeric id, or its identifier (lower-case letters, digits, dashes and underscores, starting with a letter). */
const project = z.string().regex(/^(\d{1,15}|[a-z][a-z0-9_-]{0,99})$/, 'a project id or identifier');

/** Redmine's text formatting (Administration > Settings > General): how descriptions and notes are read. */
const FORMATTINGS = ['textile', 'markdown', 'common_mark'] as const;
type Formatting = (typeof FORMATTINGS)[number];

const config = ticketingCommon
  .extend({
    /** The Redmine's base URL, with its sub-URI if it has one (https://redmine.example.com/redmine). */
    apiUrl: z.url({ protocol: /^https?$/ }),
    /** Where people open issues, when it differs from the API's address; the API's by default. */
    webUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** The API access key of the user backwatch acts as (My account > API access key). */
    apiKey: z.string().min(1).max(1000),
    /** Where issues go when the check and its group name no `projectId`. */
    projectId: project.optional(),
    /** The tracker and the status of new issues; the project's defaults when unset. */
    trackerId: id.optional(),
    statusId: id.optional(),
    /** Priority ids (Administration > Enumerations); Redmine's default priority when unset. */
    priorities: z.object({ high: id.optional(), low: id.optional() }).prefault({}),
    /** The status a recovery sets (Redmine ships 5: Closed). */
    closedStatusId: id,
    /** Every status that means closed, for a Redmine whose API does not say (no is_closed); empty: the closing one alone. */
    closedStatusIds: z.array(id).max(50).default([]),
    /** Notes only users allowed to see private notes can read. */
    privateNotes: z.boolean().default(false),
    /**
     * As the Redmine is set: text is sent as a block that this formatting shows verbatim. Textile's block
     * also stays inert on a CommonMark Redmine (an HTML block holding no tag); none is inert on the others.
     */
    textFormatting: z.enum(FORMATTINGS),
  })
  .refine((c) => !c.closedStatusIds.length || c.closedStatusIds.includes(c.closedStatusId), {
    message: 'closedStatusIds must include closedStatusId',
    path: ['closedStatusIds'],
  });

type RedmineConfig = z.infer<typeof config>;

// Subjects are at most 255 characters. Descriptions and notes are text columns (64 KiB on MySQL): bytes, with room for the wrapping.
const LIMITS = { subject: 255, textBytes: 60_000 } as const;

const ZWSP = '\u200B';

/**
 * A mention is "@login" at the start or after a character that is not an ASCII word character
 * (Redmine's MENTION_PATTERN); a zero-width space after each such "@" leaves the text as it reads and
 * mentions no one. An email address (user@example.com) has a word character before its "@" and stays as it is.
 */
const neutralizeMentions = (text: string) => text.replace(/(?<![A-Za-z0-9_])@/g, `@${ZWSP}`);

/**
 * Report text as Redmine shows it verbatim, whatever it holds:
 *
 * - Textile: a `<pre>` block. A zero-width space after every "<" means the text holds no tag at all,
 *   so it can neither close the block nor open another one (`</pre>`, `<notextile>`, `<code>`); RedCloth
 *   escapes the rest of it inside the block, which Redmine leaves alone (no links, no macros).
 * - Markdown and CommonMark: a ``` fence. Redcarpet closes a fence at any line that starts with three
 *   backticks or tildes, and Redmine's mention scan strips text between any two such runs anywhere,
 *   so no run of three remains in the text (a zero-width space splits it).
 *
 * Redmine catches macros ({{…}}) before formatting but runs only those outside pre blocks, and finds
 * issue, wiki and revision links only there too. Mentions it scans in the raw text, skipping
 * `<pre>…</pre>` (Textile) or text between fences (Markdown): the "@" in the text is neutralised as
 * well, so a mention cannot notify anyone even if that scan pairs the fences differently.
 *
 * The check's link follows the block, outside it, so it stays clickable. (Checked by rendering hostile
 * text in a Redmine 5.0 under each of the three formattings: nothing but that link came out of the block.)
 */
function redmineText(req: TicketRequest, formatting: Formatting): string {
  const text = neutralizeMentions(clipBytes(req.body, LIMITS.textBytes).replace(/\r\n?/g, '\n'));
  const link = checkLink(req.view);
  const safeLink = link && /^https?:\/\/[^\s<>()[\]{}"'`|\\^]+$/.test(link) ? link : undefined;
  if (formatting === 'textile') {
    const block = `<pre>\n${text.replaceAll('<', `<${ZWSP}`)}\n</pre>`;
    return safeLink ? `${block}\n\n"Open the check in backwatch":${safeLink}` : block;
  }
  const block = `\`\`\`\n${text.replace(/([`~])(?=\1\1)/g, `$1${ZWSP}`)}\n\`\`\``;
  return safeLink ? `${block}\n\n[Open the check in backwatch](${safeLink})` : block;
}

/**
 * The description with the marker as its last line, where Redmine's search (a database query over
 * subjects, descriptions and notes) finds it: an HTML comment under Markdown and CommonMark, which
 * Redmine drops when it renders; under Textile, which shows raw HTML as text, a grey line.
 */
function withMarker(description: string, req: TicketRequest, formatting: Formatting): string {
  return `${description}\n\n${formatting === 'textile' ? `%{color:gray}${req.marker}%` : `<!-- ${req.marker} -->`}`;
}

/** The marker itself, not a longer one it begins (incident 41-7 is not incident 41-70). */
const holdsMarker = (text: unknown, marker: string) => typeof text === 'string' && new RegExp(`${marker.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`).test(text);

const api = (c: RedmineConfig, path: string) => `${baseUrl(c.apiUrl)}${path}`;

/** Redmine's own words from an error answer: `{"errors": ["Subject cannot be blank", …]}`. */
const redmineError = (json: any): string | undefined => {
  const messages = Array.isArray(json?.errors) ? json.errors.filter((m: unknown) => typeof m === 'string' && m) : [];
  return messages.length ? messages.join('; ') : undefined;
};

function call(c: RedmineConfig, ctx: ChannelContext, step: string, method: string, path: string, json?: unknown): Promise<VendorReply> {
  return callVendor(ctx, { step: `Redmine ${step}`, method, url: api(c, path), headers: { 'x-redmine-api-key': c.apiKey }, json, vendorError: redmineError });
}

const issuePath = (ticket: TicketRef) => (/^\d{1,15}$/.test(ticket.id) ? `/issues/${ticket.id}.json` : null);

/**
 * Whether the issue is closed: its status says so (is_closed, which newer Redmines give), or, where the
 * API does not say, the status is one of closedStatusIds. A deleted issue (404) counts as closed.
 */
async function issueState(c: RedmineConfig, path: string, ctx: ChannelContext): Promise<TicketState> {
  const got = await call(c, ctx, 'issue', 'GET', path);
  if (!got.ok) return got.status === 404 ? { ok: true, closed: true } : got;
  const status = got.json?.issue?.status;
  if (!Number.isInteger(status?.id)) return refusal('unexpected answer: the issue has no status', got.status);
  const closed = typeof status.is_closed === 'boolean' ? status.is_closed : (c.closedStatusIds.length ? c.closedStatusIds : [c.closedStatusId]).includes(status.id);
  return { ok: true, status: got.status, closed };
}

/** Adds the note; with `close`, sets the closing status in the same update. */
async function update(c: RedmineConfig, path: string, req: TicketRequest, ctx: ChannelContext, close: boolean): Promise<TicketOutcome> {
  const issue = {
    notes: redmineText(req, c.textFormatting),
    ...(c.privateNotes ? { private_notes: true } : {}),
    ...(close ? { status_id: c.closedStatusId } : {}),
  };
  return outcomeOf(await call(c, ctx, close ? 'close' : 'note', 'PUT', path, { issue }));
}

/**
 * Redmine ignores a status its workflow does not let the user set, and answers 204 all the same: read
 * the issue again, so a close that did not happen is reported rather than recorded.
 */
async function confirmClosed(c: RedmineConfig, path: string, ctx: ChannelContext): Promise<TicketOutcome> {
  const now = await issueState(c, path, ctx);
  if (!now.ok) return now;
  if (now.closed) return { ok: true, ...(now.status ? { status: now.status } : {}) };
  return refusal(`Redmine added the note but kept the issue open: its workflow does not let this user set status ${c.closedStatusId}, or that status is not a closed one`, now.status);
}

function write(c: RedmineConfig, ticket: TicketRef, req: TicketRequest, ctx: ChannelContext, close: boolean): Promise<TicketOutcome> {
  const path = issuePath(ticket);
  if (!path) return Promise.resolve(refusal(`"${ticket.id}" is not a Redmine issue id`));
  const steps = close ? [() => update(c, path, req, ctx, true), () => confirmClosed(c, path, ctx)] : [() => update(c, path, req, ctx, false)];
  return unlessClosed(issueState(c, path, ctx), ...steps);
}

/** Redmine's largest page of a list (offset and limit). */
const PAGE = 100;

/** A list Redmine answers whole, unpaged and without a name filter: filtered here. */
function listOf(noun: string, path: string, key: string, config: string[]): VendorLookup<RedmineConfig> {
  return {
    noun,
    config,
    async list(c, q, ctx): Promise<LookupPage> {
      const got = await call(c, ctx, key.replace('_', ' '), 'GET', path);
      if (!got.ok) return got;
      // An inactive priority (active: false, since Redmine 3.4) cannot be given to a new issue.
      const all: LookupItem[] = (Array.isArray(got.json?.[key]) ? got.json[key] : [])
        .filter((x: any) => Number.isInteger(x?.id) && typeof x.name === 'string' && x.active !== false)
        .map((x: any) => ({ id: String(x.id), name: x.name }));
      return { ok: true, items: byName(all, q.search), nextPage: null };
    },
  };
}


export const redmineTicketing: TicketingAdapter<RedmineConfig> = {
  type: 'redmine',
  kind: 'ticketing',
  config,
  secrets: ['apiKey'],
  fields: ['projectId'],

  async open(c, req, ctx) {
    const p = req.fields.projectId?.trim() || c.projectId;
    if (!p) return refusal('no Redmine project: set projectId on the check, its group or the channel');
    if (!project.safeParse(p).success) return refusal(`projectId "${p}" is not a Redmine project id or identifier`);
    const priority = c.priorities[req.priority];
    const issue = {
      project_id: /^\d+$/.test(p) ? Number(p) : p,
      subject: truncate(req.subject.replace(/\s+/g, ' ').trim(), LIMITS.subject) || 'backwatch',
      description: withMarker(redmineText(req, c.textFormatting), req, c.textFormatting),
      ...(priority ? { priority_id: priority } : {}),
      ...(c.trackerId ? { tracker_id: c.trackerId } : {}),
      ...(c.statusId ? { status_id: c.statusId } : {}),
    };
    const created = await call(c, ctx, 'create issue', 'POST', '/issues.json', { issue });
    if (!created.ok) return created;
    const issueId: unknown = created.json?.issue?.id;
    if (!Number.isInteger(issueId) || (issueId as number) < 1) return refusal('unexpected answer: the new issue has no id', created.status);
    return { ok: true, status: created.status, ticket: { id: String(issueId), url: `${baseUrl(c.webUrl ?? c.apiUrl)}/issues/${issueId}` } };
  },

  markerIn: 'the last line of the issue description (a hidden HTML comment under Markdown and CommonMark, a grey line under Textile)',
  async find(c, req, ctx) {
    // GET /issues.json documents no filter on the description; /search.json does search it, in the database.
    const query = new URLSearchParams({ q: req.marker, scope: 'all', issues: '1', titles_only: '0', limit: '25' });
    const got = await call(c, ctx, 'search', 'GET', `/search.json?${query}`);
    if (!got.ok) return got;
    const results: any[] = Array.isArray(got.json?.results) ? got.json.results : [];
    const issue = results.find((r) => typeof r?.type === 'string' && r.type.startsWith('issue') && Number.isInteger(r.id) && r.id > 0 && holdsMarker(r.description, req.marker));
    if (!issue) return { ok: true, status: got.status };
    return { ok: true, status: got.status, ticket: { id: String(issue.id), url: `${baseUrl(c.webUrl ?? c.apiUrl)}/issues/${issue.id}` } };
  },

  lookups: {
    projects: {
      noun: 'project',
      config: ['projectId'],
      fields: ['projectId'],
      async list(c, q, ctx) {
        const offset = pageNumber(q, 0);
        const got = await call(c, ctx, 'projects', 'GET', `/projects.json?offset=${offset}&limit=${PAGE}`);
        if (!got.ok) return got;
        const page: any[] = Array.isArray(got.json?.projects) ? got.json.projects : [];
        const search = q.search?.trim().toLowerCase();
        const items = page
          // A closed project (status 5) is read-only: it takes no new issue.
          .filter((p) => Number.isInteger(p?.id) && typeof p.identifier === 'string' && p.status !== 5)
          .filter((p) => !search || p.identifier.includes(search) || String(p.name ?? '').toLowerCase().includes(search))
          // projectId takes the numeric id or the identifier: the item carries both, so either one checks.
          .map((p) => ({ id: String(p.id), name: typeof p.name === 'string' && p.name ? p.name : p.identifier, also: [p.identifier] }));
        const read = offset + page.length;
        return { ok: true, items, nextPage: page.length && read < Number(got.json?.total_count) ? String(read) : null };
      },
    },
    trackers: listOf('tracker', '/trackers.json', 'trackers', ['trackerId']),
    statuses: listOf('issue status', '/issue_statuses.json', 'issue_statuses', ['statusId', 'closedStatusId', 'closedStatusIds']),
    priorities: listOf('issue priority', '/enumerations/issue_priorities.json', 'issue_priorities', ['priorities.high', 'priorities.low']),
  },

  note: (c, ticket, req, ctx) => write(c, ticket, req, ctx, false),
  close: (c, ticket, req, ctx) => write(c, ticket, req, ctx, true),

  // The key's user; and the default project when there is one (it proves the user can see it).
  async verify(c, ctx) {
    const me = await call(c, ctx, 'current user', 'GET', '/users/current.json');
    if (!me.ok || !c.projectId) return outcomeOf(me);
    return outcomeOf(await call(c, ctx, 'project', 'GET', `/projects/${c.projectId}.json`));
  },
};
