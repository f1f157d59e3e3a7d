import type { Db } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { HttpClient } from '../../shared/http-client.js';
import type { Logger } from '../../shared/logger.js';
import type { SecretBox } from '../../shared/secrets.js';
import type { TemplateSet } from '../alerts/alerts.templates.js';
import type { SendOutcome } from '../alerts/channels/channel.types.js';
import type { AlertView } from '../alerts/alerts.models.js';
import { TimedLoop } from '../../shared/timed-loop.js';
import { channelForSending } from '../channels/channels.usecases.js';
import { retryDelayMs } from './deliveries.backoff.js';
import { isTicketing } from '../channels/channels.registry.js';
import { type TicketStep, ticketStep } from '../tickets/tickets.lifecycle.js';
import {
  claimDelivery,
  earlierUnsent,
  findDueDeliveries,
  loadDeliveryWork,
  nextDeliveryAt,
  postpone,
  type Recipient,
  recordAttempt,
  setDeliveryTicket,
  settleDelivery,
} from './deliveries.repository.js';

export interface PersonalWork {
  userId: number;
  medium: string;
  subscriptionId: number | null;
  checkId: number | null;
  view: AlertView;
  idempotencyKey: string;
}

/** What one personal send came to: `cancel` drops the delivery (the user may no longer see the check); `after` runs with the outcome's record. */
export type PersonalStep = { outcome: SendOutcome; cancel?: string; after?: (trx: Db, now: string) => Promise<void> };

/** Sends a delivery to one user's own medium (personal notifications), from the composition root. */
export interface PersonalSender {
  send(work: PersonalWork): Promise<PersonalStep>;
}

export interface DeliveryWorkerDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  box: SecretBox;
  http: HttpClient;
  templates: TemplateSet;
  personal?: PersonalSender;
  random?: () => number;
}

export interface DeliveryWorkerOptions {
  /** Sends in flight at once, over all channels. */
  concurrency: number;
  /** Sends in flight at once to one channel, so a slow one cannot take every slot. */
  perChannel: number;
  /** A send longer than this counts as failed (and its lease as lost). */
  sendTimeoutMs: number;
  maxSleepMs: number;
}

const AHEAD_SENDING_RECHECK_MS = 1_000;

type Work = Awaited<ReturnType<typeof loadDeliveryWork>>;
/** One attempt's outcome, and what to store with it: a ticket's record, a personal send's follow-up, or that it is dropped. */
type Step = TicketStep & Partial<Pick<PersonalStep, 'cancel' | 'after'>>;

const DEFAULTS: DeliveryWorkerOptions = { concurrency: 16, perChannel: 2, sendTimeoutMs: 30_000, maxSleepMs: 30_000 };

const timeout = (ms: number) =>
  new Promise<SendOutcome>((resolve) => setTimeout(() => resolve({ ok: false, retryable: true, error: `no answer within ${ms} ms` }), ms).unref());

/**
 * Sends what the outbox queued, after the commit that queued it: each delivery
 * claimed by compare-and-set, sent with a time limit, every attempt recorded,
 * failures retried with backoff until the delivery's retry window closes. State
 * lives in the deliveries table, so a restart resumes where it stopped.
 */
export class DeliveryWorker {
  private readonly options: DeliveryWorkerOptions;
  /** Sends in flight per recipient: a channel, or one user's medium. */
  private readonly inFlight = new Map<string, number>();
  private readonly sends = new Set<Promise<void>>();
  private readonly loop: TimedLoop;
  /** Due deliveries were left for later because their channel (or the worker) was at its limit. */
  private blocked = false;

  constructor(
    private readonly deps: DeliveryWorkerDeps,
    options: Partial<DeliveryWorkerOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.loop = new TimedLoop(
      () => this.claimDue().catch((err) => this.deps.logger.error({ err }, 'delivery pass failed')),
      async () => {
        // What is due but blocked waits for a send to finish (which wakes the worker), not for a timer.
        const next = this.blocked ? null : await nextDeliveryAt(this.deps.db);
        return next ? new Date(next) : null;
      },
      () => deps.clock.now(),
      this.options.maxSleepMs,
    );
  }

  start = () => this.loop.start();
  get active(): boolean {
    return this.loop.active;
  }
  wake = () => this.loop.wake();
  /** Claims and starts what is due; resolves when the claiming is done (sends go on). */
  tick = () => this.loop.tick();

  /** Resolves when every send started so far has settled. */
  async idle(): Promise<void> {
    while (this.loop.current || this.sends.size) await Promise.all([this.loop.current, ...this.sends]);
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    await this.idle();
  }

  private get busy(): number {
    return this.sends.size;
  }

  private async claimDue(): Promise<void> {
    const free = this.options.concurrency - this.busy;
    if (free <= 0) return;
    const now = this.deps.clock.now();
    const due = await findDueDeliveries(this.deps.db, now.toISOString(), free * 4);
    const leaseUntil = new Date(now.getTime() + this.options.sendTimeoutMs * 2).toISOString();
    this.blocked = false;
    for (const d of due) {
      const recipient = d.channel_id !== null ? `channel ${d.channel_id}` : `user ${d.user_id} ${d.medium}`;
      if (this.busy >= this.options.concurrency || (this.inFlight.get(recipient) ?? 0) >= this.options.perChannel) {
        this.blocked = true;
        continue;
      }
      if (await this.waitsItsTurn(d, now)) continue;
      if (!(await claimDelivery(this.deps.db, d, leaseUntil, now.toISOString()))) continue;
      this.inFlight.set(recipient, (this.inFlight.get(recipient) ?? 0) + 1);
      // Claimed from 'sending': the node that had it died mid-send, so its request may have reached the vendor.
      const send = this.deliver(d.id, d.state === 'sending')
        .catch((err) => this.deps.logger.error({ err, deliveryId: d.id }, 'delivery could not be recorded; its lease will run out and it will be tried again'))
        .finally(() => {
        this.inFlight.set(recipient, this.inFlight.get(recipient)! - 1);
        this.sends.delete(send);
        this.wake();
      });
      this.sends.add(send);
    }
  }

  /**
   * A check's deliveries to one channel go in order: a recovery never reaches a
   * chat before the failure it recovers from, and a ticket's steps go open, notes,
   * close. A delivery waits while an earlier one for the same check and channel
   * is still to be sent (on any node), and is not due again before that one could
   * be done. Channels never wait for each other.
   */
  private async waitsItsTurn(d: Recipient & { id: number; check_id: number | null }, now: Date): Promise<boolean> {
    const ahead = await earlierUnsent(this.deps.db, d);
    if (!ahead) return false;
    // One being sent usually finishes in well under a second: look again soon rather than at the end of its lease.
    const soon = new Date(now.getTime() + AHEAD_SENDING_RECHECK_MS).toISOString();
    const until = ahead.state === 'sending' ? (ahead.lease_until && ahead.lease_until < soon ? ahead.lease_until : soon) : ahead.next_attempt_at;
    const at = now.toISOString();
    await postpone(this.deps.db, d.id, until && until > at ? until : at, at);
    return true;
  }

  private async sendToChannel(work: Work, channelId: number, resumed: boolean): Promise<Step> {
    const { adapter, config, grant } = await channelForSending(this.deps, channelId);
    const ctx = { http: this.deps.http, templates: this.deps.templates, idempotencyKey: work.idempotency_key, grant };
    // No outer time limit for a ticket: a step abandoned halfway could leave a ticket open that nobody recorded.
    // Each of its requests has the HTTP client's own limit.
    if (isTicketing(adapter)) return ticketStep(this.deps.db, this.deps.templates, { adapter, config, view: work.view, checkId: work.check_id!, channelId, eventId: work.event_id, resumed, ctx });
    return { outcome: await Promise.race([adapter.send(config, work.view, ctx), timeout(this.options.sendTimeoutMs)]) };
  }

  private async sendPersonal(work: Work): Promise<Step> {
    if (!this.deps.personal || work.user_id === null || work.medium === null) throw new Error('a personal delivery without its user, or personal notifications are not set up');
    const send = this.deps.personal.send({
      userId: work.user_id,
      medium: work.medium,
      subscriptionId: work.subscription_id,
      checkId: work.check_id,
      view: work.view,
      idempotencyKey: work.idempotency_key,
    });
    return Promise.race([send, timeout(this.options.sendTimeoutMs).then((outcome) => ({ outcome }))]);
  }

  private async deliver(id: number, resumed: boolean): Promise<void> {
    const work = await loadDeliveryWork(this.deps.db, id);
    const started = this.deps.clock.now();
    const t0 = performance.now();
    let step: Step;
    try {
      step = await (work.channel_id === null ? this.sendPersonal(work) : this.sendToChannel(work, work.channel_id, resumed || work.attempts > 0));
    } catch (err) {
      // A channel that cannot even be read (its key changed, its config no longer valid) will not get better.
      step = { outcome: { ok: false, retryable: false, error: err instanceof Error ? err.message : String(err) } };
    }
    const { outcome } = step;
    const durationMs = performance.now() - t0;
    const now = this.deps.clock.now();
    const failures = work.attempts + 1;
    const retryAt = new Date(now.getTime() + retryDelayMs(failures, this.deps.random));
    const settled = step.cancel
      ? { state: 'cancelled' as const, error: step.cancel }
      : outcome.ok
        ? { state: 'delivered' as const }
        : outcome.retryable && retryAt.toISOString() < work.give_up_at
          ? { state: 'pending' as const, nextAttemptAt: retryAt.toISOString(), error: outcome.error }
          : { state: 'failed' as const, error: outcome.error };
    await this.deps.db.transaction().execute(async (trx) => {
      await recordAttempt(trx, {
        deliveryId: id,
        at: started.toISOString(),
        durationMs,
        ok: outcome.ok,
        httpStatus: outcome.status,
        error: outcome.ok ? undefined : outcome.error,
        response: outcome.response,
      });
      await settleDelivery(trx, id, settled, now.toISOString());
      await step.after?.(trx, now.toISOString());
      const ticketId = step.record ? await step.record(trx, now.toISOString()) : null;
      if (ticketId !== null) await setDeliveryTicket(trx, id, ticketId);
    });
    const log = { deliveryId: id, channelId: work.channel_id ?? undefined, userId: work.user_id ?? undefined, medium: work.medium ?? undefined, state: settled.state, status: outcome.status, ms: Math.round(durationMs) };
    if (settled.state === 'failed') this.deps.logger.warn({ ...log, error: settled.error }, 'delivery given up');
    else this.deps.logger.info(log, 'delivery attempt');
  }
}
