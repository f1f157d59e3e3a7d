import type { Medium } from '../personal/personal.media.types.js';
import type { attemptsOf, findDelivery } from './deliveries.repository.js';

type Row = NonNullable<Awaited<ReturnType<typeof findDelivery>>>;

export const presentDelivery = (r: Row) => ({
  id: r.id,
  state: r.state as 'pending',
  channelId: r.channel_id,
  userId: r.user_id,
  medium: r.medium as Medium | null,
  checkId: r.check_id,
  eventId: r.event_id,
  event: r.event as 'alert',
  status: r.status,
  previousStatus: r.previous_status,
  activityId: r.activity_id,
  attemptCount: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  giveUpAt: r.give_up_at,
  lastError: r.last_error,
  deliveredAt: r.delivered_at,
  ticketId: r.ticket_id,
  idempotencyKey: r.idempotency_key,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const presentAttempt = (a: Awaited<ReturnType<typeof attemptsOf>>[number]) => ({
  at: a.attempted_at,
  durationMs: a.duration_ms,
  ok: a.ok === 1,
  httpStatus: a.http_status,
  error: a.error,
  response: a.response,
});
