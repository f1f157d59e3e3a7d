import type { Db } from '../../../db/database.js';
import { anyWebhookJob } from './comet.repository.js';

/**
 * Whether Comet webhook events have ever come in. Until they have, an email
 * report cannot be the partner of an event's job, and the lookup for one is
 * skipped (most installations only ever send email).
 */
export class CometSources {
  private webhooks = false;

  /** `changed` is told when the first event arrives (the other nodes reload). */
  constructor(private readonly changed: () => void = () => {}) {}

  async load(db: Db): Promise<void> {
    this.webhooks = await anyWebhookJob(db);
  }

  get webhooksSeen(): boolean {
    return this.webhooks;
  }

  /** Called before an event's job is stored, so an email racing it looks for it. */
  webhookArrived(): void {
    if (this.webhooks) return;
    this.webhooks = true;
    this.changed();
  }
}
