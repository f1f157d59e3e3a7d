import { z } from 'zod';
import { truncate } from '../../alerts/channels/channel.text.js';
import type { ChannelContext } from '../../alerts/channels/channel.types.js';
import { type TicketingAdapter, type TicketOutcome, type TicketRef, type TicketRequest, ticketingCommon } from '../tickets.types.js';
import { baseUrl, callVendor, outcomeOf, refusal, type TicketState, unlessClosed, type VendorReply } from './vendor.http.js';

// Asana REST API 1.0. Every body, sent and answered, is wrapped in {"data": …}; errors come as {"errors": [{"message"}]}.
// Tasks take `notes` and stories take `text` as plain text: nothing in them is read as markup, a link to a person or a
// mention (those need html_notes / html_text, which backwatch never sends), so report text needs no escaping.

/** Asana's global ids are strings of digits. */
const gid = z.string().regex(/^\d{1,32}$/, 'an Asana gid (digits)');

const config = ticketingCommon.extend({
  apiUrl: z.url({ protocol: /^https?$/ }).default('https://app.asana.com/api/1.0'),
  /** A personal access token (or a service account's token) of a member of the projects. */
  token: z.string().min(1).max(1000),
  /** Where tasks go when the check and its group name no `projectGid`. */
  projectGid: gid.optional(),
  /** Who new tasks are assigned to: a user's gid, their email, or "me" (the token's user). */
  assignee: z
    .string()
    .regex(/^(\d{1,32}|me|[^\s@]+@[^\s@]+)$/, 'a user gid, an email or "me"')
    .optional(),
  /** A tag added to new tasks by priority (a tag's gid, in the project's workspace); none when unset. */
  priorityTags: z.object({ high: gid.optional(), low: gid.optional() }).prefault({}),
});

type AsanaConfig = z.infer<typeof config>;

// Asana documents no length limits for these; these keep well inside what its app accepts.
const LIMITS = { name: 1024, text: 60_000 } as const;

const api = (c: AsanaConfig, path: string) => `${baseUrl(c.apiUrl)}${path}`;

/** Asana's own words from an error answer: `{"errors": [{"message": "…"}]}`. */
const asanaError = (json: any): string | undefined => {
  const messages = Array.isArray(json?.errors) ? json.errors.map((e: any) => e?.message).filter((m: unknown) => typeof m === 'string' && m) : [];
  return messages.length ? messages.join('; ') : undefined;
};

function call(c: AsanaConfig, ctx: ChannelContext, step: string, method: string, path: string, data?: Record<string, unknown>): Promise<VendorReply> {
  return callVendor(ctx, {
    step: `Asana ${step}`,
    method,
    url: api(c, path),
    headers: { authorization: `Bearer ${c.token}` },
    json: data === undefined ? undefined : { data },
    vendorError: asanaError,
  });
}

/** The task's path, or null when the stored id is not a gid (it never came from Asana). */
const taskPath = (ticket: TicketRef) => (/^\d{1,32}$/.test(ticket.id) ? `/tasks/${ticket.id}` : null);

/** A completed task counts as closed; a deleted one (404) too, so the next problem opens a new task. */
async function taskState(c: AsanaConfig, path: string, ctx: ChannelContext): Promise<TicketState> {
  const got = await call(c, ctx, 'task', 'GET', `${path}?opt_fields=completed`);
  if (!got.ok) return got.status === 404 ? { ok: true, closed: true } : got;
  const completed: unknown = got.json?.data?.completed;
  if (typeof completed !== 'boolean') return refusal('unexpected answer: the task has no completed flag', got.status);
  return { ok: true, status: got.status, closed: completed };
}

/** A comment: a story on the task, in plain text. */
const comment = async (c: AsanaConfig, path: string, req: TicketRequest, ctx: ChannelContext): Promise<TicketOutcome> =>
  outcomeOf(await call(c, ctx, 'comment', 'POST', `${path}/stories?opt_fields=gid`, { text: truncate(req.body, LIMITS.text) }));

/** Comments on the task (and marks it complete) unless a person completed or deleted it. */
function write(c: AsanaConfig, ticket: TicketRef, req: TicketRequest, ctx: ChannelContext, close: boolean): Promise<TicketOutcome> {
  const path = taskPath(ticket);
  if (!path) return Promise.resolve(refusal(`"${ticket.id}" is not an Asana task gid`));
  const complete = async () => outcomeOf(await call(c, ctx, 'complete task', 'PUT', `${path}?opt_fields=completed`, { completed: true }));
  return unlessClosed(taskState(c, path, ctx), () => comment(c, path, req, ctx), ...(close ? [complete] : []));
}

export const asanaTicketing: TicketingAdapter<AsanaConfig> = {
  type: 'asana',
  kind: 'ticketing',
  config,
  secrets: ['token'],
  fields: ['projectGid'],

  async open(c, req, ctx) {
    const project = req.fields.projectGid?.trim() || c.projectGid;
    if (!project) return refusal('no Asana project: set projectGid on the check, its group or the channel');
    if (!gid.safeParse(project).success) return refusal(`projectGid "${project}" is not an Asana gid (digits)`);
    const tag = c.priorityTags[req.priority];
    // The task's workspace is the project's: Asana needs none named when `projects` is given.
    const data = {
      name: truncate(req.subject, LIMITS.name),
      notes: truncate(req.body, LIMITS.text),
      projects: [project],
      ...(c.assignee ? { assignee: c.assignee } : {}),
      ...(tag ? { tags: [tag] } : {}),
    };
    const created = await call(c, ctx, 'create task', 'POST', '/tasks?opt_fields=permalink_url', data);
    if (!created.ok) return created;
    const { gid: id, permalink_url: url } = created.json?.data ?? {};
    if (typeof id !== 'string' || !/^\d{1,32}$/.test(id)) return refusal('unexpected answer: the new task has no gid', created.status);
    return { ok: true, status: created.status, ticket: { id, url: typeof url === 'string' && /^https?:\/\//.test(url) ? url : null } };
  },

  note: (c, ticket, req, ctx) => write(c, ticket, req, ctx, false),
  close: (c, ticket, req, ctx) => write(c, ticket, req, ctx, true),

  // The token's user; and the default project when there is one (it proves the token can see it).
  async verify(c, ctx) {
    const me = await call(c, ctx, 'user', 'GET', '/users/me?opt_fields=name');
    if (!me.ok || !c.projectGid) return outcomeOf(me);
    return outcomeOf(await call(c, ctx, 'project', 'GET', `/projects/${c.projectGid}?opt_fields=name`));
  },
};
