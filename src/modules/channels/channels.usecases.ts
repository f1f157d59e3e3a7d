import crypto from 'node:crypto';
import type { ZodError } from 'zod';
import type { Db } from '../../db/database.js';
import type { ChannelRow } from '../../db/schema.js';
import type { Clock } from '../../shared/clock.js';
import type { Scope } from '../../shared/scope.js';
import { AppError, notFound } from '../../shared/errors.js';
import type { HttpClient } from '../../shared/http-client.js';
import type { SecretBox } from '../../shared/secrets.js';
import type { TemplateSet } from '../alerts/alerts.templates.js';
import { testAlertView } from '../alerts/alerts.view.js';
import type { SendOutcome } from '../alerts/channels/channel.types.js';
import { channelGrants, connectionOf } from './channels.grants.js';
import { configProblems, refuseProblems } from './channels.lookups.js';
import { adapterFor, type ChannelType, isTicketing, signsIn } from './channels.registry.js';
import { deleteChannelRow, findChannel, insertChannel, listChannelRows, updateChannelRow } from './channels.repository.js';
import { maskConfig, openConfig, sealConfig } from './channels.secrets.js';

export interface ChannelDeps {
  db: Db;
  clock: Clock;
  box: SecretBox;
  http: HttpClient;
  templates: TemplateSet;
  timezone: string;
  publicUrl: string;
}

function invalidConfig(error: ZodError): AppError {
  const issues = error.issues.map((i) => ({ path: ['config', ...i.path.map(String)].join('.'), message: i.message }));
  return new AppError('validation_failed', issues.map((i) => `${i.path}: ${i.message}`).join('; '), 400, { issues });
}

function parseConfig(type: string, config: Record<string, unknown>) {
  const result = adapterFor(type).config.safeParse(config);
  if (!result.success) throw invalidConfig(result.error);
  return result.data as Record<string, unknown>;
}

/** A channel as the API shows it: its secrets masked. */
function present(row: ChannelRow, box: SecretBox) {
  const adapter = adapterFor(row.type);
  return {
    id: row.id,
    type: row.type as ChannelType,
    name: row.name,
    config: maskConfig(openConfig(row.config, row.secrets, box), adapter.secrets),
    secretFields: [...adapter.secrets],
    ...(signsIn(adapter) ? { connection: connectionOf(row, box) } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export type PresentedChannel = ReturnType<typeof present>;

async function getRow(db: Db, id: number, scope: Scope = null): Promise<ChannelRow> {
  const row = await findChannel(db, id, scope);
  if (!row) throw notFound('channel', id);
  return row;
}

export async function createChannel(deps: ChannelDeps, input: { type: ChannelType; name: string; config: Record<string, unknown> }) {
  const config = parseConfig(input.type, input.config);
  refuseProblems(await configProblems(deps, adapterFor(input.type), config, null));
  const { plain, sealed } = sealConfig(config, adapterFor(input.type).secrets, deps.box);
  const now = deps.clock.now().toISOString();
  const id = await insertChannel(deps.db, { type: input.type, name: input.name, config: JSON.stringify(plain), secrets: sealed, created_at: now, updated_at: now });
  return present(await getRow(deps.db, id), deps.box);
}

/** The keys given replace the stored ones (null removes an optional key); secrets left out are kept. */
export async function updateChannel(deps: ChannelDeps, id: number, patch: { name?: string; config?: Record<string, unknown> }) {
  const row = await getRow(deps.db, id);
  const update: { name?: string; config?: string; secrets?: string | null; updated_at: string } = { updated_at: deps.clock.now().toISOString() };
  if (patch.name !== undefined) update.name = patch.name;
  if (patch.config) {
    const merged = Object.fromEntries(Object.entries({ ...openConfig(row.config, row.secrets, deps.box), ...patch.config }).filter(([, v]) => v !== null));
    const config = parseConfig(row.type, merged);
    refuseProblems(await configProblems(deps, adapterFor(row.type), config, id));
    const { plain, sealed } = sealConfig(config, adapterFor(row.type).secrets, deps.box);
    update.config = JSON.stringify(plain);
    update.secrets = sealed;
  }
  await updateChannelRow(deps.db, id, update);
  return present(await getRow(deps.db, id), deps.box);
}

export async function deleteChannel(deps: ChannelDeps, id: number): Promise<void> {
  if (!(await deleteChannelRow(deps.db, id))) throw notFound('channel', id);
}

/** A channel, secrets masked; one not attached to the caller's checks or groups is not found. */
export async function getChannel(deps: ChannelDeps, id: number, scope: Scope) {
  return present(await getRow(deps.db, id, scope), deps.box);
}

export async function listChannels(deps: ChannelDeps, scope: Scope) {
  return (await listChannelRows(deps.db, scope)).map((row) => present(row, deps.box));
}

/** The channel's adapter and full config, secrets opened, and the grant of the account it signed in with, for sending. */
export async function channelForSending(deps: Pick<ChannelDeps, 'db' | 'box' | 'clock'>, id: number) {
  const row = await getRow(deps.db, id);
  const adapter = adapterFor(row.type);
  return { adapter, config: adapter.config.parse(openConfig(row.config, row.secrets, deps.box)), grant: channelGrants(deps, id) };
}

/**
 * Sends a test message right away (not through the outbox) and answers how it
 * went; a ticketing system is asked something harmless instead of getting a ticket.
 */
export async function testChannel(deps: ChannelDeps, id: number): Promise<SendOutcome & { durationMs: number; problems?: { path: string; message: string }[] }> {
  const { adapter, config, grant } = await channelForSending(deps, id);
  const ctx = { http: deps.http, templates: deps.templates, idempotencyKey: crypto.randomUUID(), grant };
  const started = performance.now();
  if (isTicketing(adapter)) {
    const verified = await adapter.verify(config, ctx);
    // Signed in, but pointed at a board or status the tenant does not have: the first ticket would fail.
    const problems = verified.ok ? await configProblems(deps, adapter, config, id) : [];
    const durationMs = Math.round(performance.now() - started);
    if (!problems.length) return { ...verified, durationMs };
    return { ok: false, retryable: false, error: problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems, durationMs };
  }
  const view = testAlertView('backwatch test message', deps.clock.now(), deps.timezone, deps.publicUrl);
  const outcome = await adapter.send(config, view, ctx);
  return { ...outcome, durationMs: Math.round(performance.now() - started) };
}
