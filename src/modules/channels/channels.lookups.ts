import crypto from 'node:crypto';
import { AppError, notFound } from '../../shared/errors.js';
import type { Scope } from '../../shared/scope.js';
import type { ChannelContext } from '../alerts/channels/channel.types.js';
import { type SettingProblem, settingProblems } from '../tickets/tickets.lookups.js';
import type { LookupQuery, TicketingAdapter } from '../tickets/tickets.types.js';
import { channelGrants } from './channels.grants.js';
import { adapterFor, type AnyAdapter, isTicketing } from './channels.registry.js';
import { findChannel } from './channels.repository.js';
import { openConfig } from './channels.secrets.js';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { HttpClient } from '../../shared/http-client.js';
import type { SecretBox } from '../../shared/secrets.js';
import type { TemplateSet } from '../alerts/alerts.templates.js';

interface ChannelDeps {
  db: Db;
  clock: Clock;
  box: SecretBox;
  http: HttpClient;
  templates: TemplateSet;
}

const context = (deps: ChannelDeps, channelId: number | null): ChannelContext => ({
  http: deps.http,
  templates: deps.templates,
  idempotencyKey: crypto.randomUUID(),
  ...(channelId !== null ? { grant: channelGrants(deps, channelId) } : {}),
});

async function channelWithLookups(deps: ChannelDeps, id: number, scope: Scope) {
  const row = await findChannel(deps.db, id, scope);
  if (!row) throw notFound('channel', id);
  const adapter = adapterFor(row.type);
  const lookups = isTicketing(adapter) ? (adapter.lookups ?? {}) : {};
  return { adapter: adapter as TicketingAdapter, lookups, config: adapter.config.parse(openConfig(row.config, row.secrets, deps.box)) };
}

/** The lists a channel's vendor offers, and which settings and ticket fields each fills. */
export async function lookupKinds(deps: ChannelDeps, id: number, scope: Scope) {
  const { lookups } = await channelWithLookups(deps, id, scope);
  return Object.entries(lookups).map(([kind, l]) => ({ kind, noun: l.noun, config: [...(l.config ?? [])], fields: [...(l.fields ?? [])], parent: l.parent ?? null }));
}

/** One page of a vendor's list, asked of the vendor now with the channel's credentials. */
export async function lookup(deps: ChannelDeps, id: number, kind: string, query: LookupQuery, scope: Scope) {
  const { lookups, config } = await channelWithLookups(deps, id, scope);
  const list = Object.hasOwn(lookups, kind) ? lookups[kind] : undefined;
  if (!list) throw new AppError('not_found', `channel ${id} offers no list "${kind}"; it offers: ${Object.keys(lookups).join(', ') || 'none'}`, 404);
  if (list.parent && !query.parent) {
    const message = `the ${list.noun} list depends on ${list.parent}: give its value as parent`;
    throw new AppError('validation_failed', `query.parent: ${message}`, 400, { issues: [{ path: 'query.parent', message }] });
  }
  const page = await list.list(config, query, context(deps, id));
  if (!page.ok) throw new AppError(page.retryable ? 'vendor_unavailable' : 'vendor_refused', `the vendor's ${list.noun} list: ${page.error}`, 502);
  return { kind, noun: list.noun, items: page.items.map(({ id, name }) => ({ id, name })), nextPage: page.nextPage };
}

/**
 * The settings the vendor says are wrong (a board that does not exist, a status not on
 * the board), as 400s name fields. A vendor that cannot be asked proves nothing here.
 */
export async function configProblems(deps: ChannelDeps, adapter: AnyAdapter, config: Record<string, unknown>, channelId: number | null): Promise<SettingProblem[]> {
  if (!isTicketing(adapter) || !adapter.lookups) return [];
  // A channel that signs in as a person has no account before it is saved and connected.
  if (adapter.authorization === 'device-code' && channelId === null) return [];
  const problems = await settingProblems(adapter, config, context(deps, channelId));
  return problems.map((p) => ({ path: `config.${p.path}`, message: p.message }));
}

export function refuseProblems(problems: SettingProblem[]): void {
  if (!problems.length) return;
  throw new AppError('validation_failed', problems.map((p) => `${p.path}: ${p.message}`).join('; '), 400, { issues: problems });
}
