import type { Db } from './database.js';

interface Job<T> {
  work: (trx: Db) => Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

export interface CommitQueueOptions {
  /** Most jobs in one transaction. */
  maxBatch?: number;
  /** How long the first job waits for company before the batch is written. */
  lingerMs?: number;
  /** Runs each transaction in turn with other users of the connection (see Turns). */
  exclusive?: <T>(transaction: () => Promise<T>) => Promise<T>;
}

/**
 * Group commit: writes queued close together share one transaction, and so one
 * fsync, instead of paying one each. A job's promise settles only after the
 * commit that holds it, which is what lets SMTP answer 250 for exactly the
 * messages on disk. When a batch fails, its jobs are retried one transaction
 * each, so only the job at fault fails.
 */
export class CommitQueue {
  private queue: Job<any>[] = [];
  private flushing: Promise<void> | null = null;
  private readonly maxBatch: number;
  private readonly lingerMs: number;
  private readonly exclusive: <T>(transaction: () => Promise<T>) => Promise<T>;

  constructor(
    private readonly db: Db,
    options: CommitQueueOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 200;
    this.lingerMs = options.lingerMs ?? 0;
    this.exclusive = options.exclusive ?? ((transaction) => transaction());
  }

  run<T>(work: (trx: Db) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once everything queued so far is committed or failed. */
  async drain(): Promise<void> {
    while (this.flushing || this.queue.length) await (this.flushing ?? new Promise((r) => setImmediate(r)));
  }

  private schedule() {
    if (this.flushing) return;
    const wait = new Promise<void>((done) => (this.lingerMs > 0 ? setTimeout(done, this.lingerMs) : setImmediate(done)));
    this.flushing = wait
      .then(() => this.flush())
      .finally(() => {
        this.flushing = null;
        if (this.queue.length) this.schedule();
      });
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0, this.maxBatch);
    if (!batch.length) return;
    let values: unknown[];
    try {
      values = await this.exclusive(() =>
        this.db.transaction().execute(async (trx) => {
          const out = [];
          for (const job of batch) out.push(await job.work(trx));
          return out;
        }),
      );
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      for (const job of batch) await this.alone(job);
      return;
    }
    batch.forEach((job, i) => job.resolve(values[i]));
  }

  private async alone(job: Job<unknown>): Promise<void> {
    try {
      job.resolve(await this.exclusive(() => this.db.transaction().execute((trx) => job.work(trx))));
    } catch (error) {
      job.reject(error);
    }
  }
}
