/** A delivery as the API answers it (GET /deliveries), and how its state reads. */
export interface Delivery {
  id: number;
  state: 'pending' | 'sending' | 'delivered' | 'failed' | 'cancelled';
  /** Null for a personal notification (userId, medium). */
  channelId: number | null;
  userId: number | null;
  medium: 'email' | 'sms' | 'push' | 'pushbullet' | 'pushover' | null;
  checkId: number | null;
  event: 'alert' | 'restore' | 'test';
  status: string;
  previousStatus: string;
  activityId: number | null;
  attemptCount: number;
  nextAttemptAt: string | null;
  giveUpAt: string;
  lastError: string | null;
  deliveredAt: string | null;
  ticketId: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface Attempt {
  at: string;
  durationMs: number;
  ok: boolean;
  httpStatus: number | null;
  error: string | null;
  response: string | null;
}

export const DELIVERY_STATES = ['failed', 'pending', 'sending', 'delivered', 'cancelled'] as const;

const STATE_LOOK: Record<string, { label: string; symbol: string }> = {
  pending: { label: 'Pending', symbol: '○' },
  sending: { label: 'Sending', symbol: '↻' },
  delivered: { label: 'Delivered', symbol: '✓' },
  failed: { label: 'Failed', symbol: '✕' },
  cancelled: { label: 'Cancelled', symbol: '–' },
};

/** A delivery's state as colour, symbol and word. */
export function DeliveryState({ state }: { state: string }) {
  const look = STATE_LOOK[state] ?? { label: state, symbol: '?' };
  return (
    <span class={`status delivery-${state}`} data-state={state}>
      <span aria-hidden="true">{look.symbol}</span> {look.label}
    </span>
  );
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "Alert: Failure", "Recovery: Success", "Test". */
export const eventText = (d: Pick<Delivery, 'event' | 'status'>) =>
  d.event === 'test' ? 'Test' : `${d.event === 'restore' ? 'Recovery' : 'Alert'}: ${capitalize(d.status)}`;

export const canRetry = (d: Pick<Delivery, 'state'>) => d.state === 'failed' || d.state === 'cancelled';

