import type { Db } from './database.js';
import { isRetryableConflict, isUniqueViolation } from './dialect.js';

interface Job<T> {
  work: (trx: Db) => Promise<T>;
  keys: readonly number[];
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
  /**
   * Called first in each transaction with the keys its jobs named, sorted and
   * without repeats: there it can lock those rows in one order, so that two
   * writers sharing a database never each hold a row the other waits for.
   */
  beforeBatch?: (trx: Db, keys: number[]) => Promise<void>;
  /**
   * Transactions at once (default 1). More than one only where the database
   * has several connections and row locks (PostgreSQL): each batch commits on
   * its own connection while the next gathers.
   */
  concurrency?: number;
}

// A job that lost a deadlock or a uniqueness race to another writer (a check two nodes discovered at once)
// sees that writer's rows when it runs again.
const ATTEMPTS = 6;

/**
 * Group commit: writes queued close together share one transaction, and so one
 * fsync, instead of paying one each. A job's promise settles only after the
 * commit that holds it, which is what lets SMTP answer 250 for exactly the
 * messages on disk. When a batch fails, its jobs are retried one transaction
 * each, so only the job at fault fails.
 */
export class CommitQueue {
  private queue: Job<any>[] = [];
  /** Transactions under way (and the one gathering company). */
  private readonly flushes = new Set<Promise<void>>();
  private gathering = false;
  private readonly maxBatch: number;
  private readonly lingerMs: number;
  private readonly concurrency: number;
  private readonly exclusive: <T>(transaction: () => Promise<T>) => Promise<T>;
  private readonly beforeBatch: (trx: Db, keys: number[]) => Promise<void>;

  constructor(
    private readonly db: Db,
    options: CommitQueueOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 200;
    this.lingerMs = options.lingerMs ?? 0;
    this.concurrency = options.concurrency ?? 1;
    this.exclusive = options.exclusive ?? ((transaction) => transaction());
    this.beforeBatch = options.beforeBatch ?? (async () => {});
  }

  /** Queues `work` for the next transaction; `keys` name the rows it will change (see beforeBatch). */
  run<T>(work: (trx: Db) => Promise<T>, keys: readonly number[] = []): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, keys, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once everything queued so far is committed or failed. */
  async drain(): Promise<void> {
    while (this.flushes.size || this.queue.length) await (this.flushes.size ? Promise.all(this.flushes) : new Promise((r) => setImmediate(r)));
  }

  private schedule() {
    if (this.gathering || this.flushes.size >= this.concurrency || !this.queue.length) return;
    this.gathering = true;
    const wait = new Promise<void>((done) => (this.lingerMs > 0 ? setTimeout(done, this.lingerMs) : setImmediate(done)));
    const flush: Promise<void> = wait
      .then(() => {
        this.gathering = false;
        const done = this.flush();
        // The next batch gathers while this one commits, on another connection where there is one.
        this.schedule();
        return done;
      })
      .finally(() => {
        this.flushes.delete(flush);
        this.schedule();
      });
    this.flushes.add(flush);
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0, this.maxBatch);
    if (!batch.length) return;
    let values: unknown[];
    try {
      values = await this.exclusive(() =>
        this.db.transaction().execute(async (trx) => {
          await this.beforeBatch(trx, keysOf(batch));
          const out = [];
          for (const job of batch) out.push(await job.work(trx));
          return out;
        }),
      );
    } catch (error) {
      if (batch.length === 1 && !(isRetryableConflict(error) || isUniqueViolation(error))) return batch[0]!.reject(error);
      for (const job of batch) await this.alone(job, batch.length === 1 ? 2 : 1);
      return;
    }
    batch.forEach((job, i) => job.resolve(values[i]));
  }

  private async alone(job: Job<unknown>, firstAttempt = 1): Promise<void> {
    for (let attempt = firstAttempt; ; attempt++) {
      try {
        return job.resolve(
          await this.exclusive(() =>
            this.db.transaction().execute(async (trx) => {
              await this.beforeBatch(trx, keysOf([job]));
              return job.work(trx);
            }),
          ),
        );
      } catch (error) {
        if (attempt >= ATTEMPTS || !(isRetryableConflict(error) || isUniqueViolation(error))) return job.reject(error);
        // Writers that collided once tend to collide again if they start again together.
        await new Promise((resolve) => setTimeout(resolve, attempt * (5 + Math.random() * 45)));
      }
    }
  }
}

const keysOf = (jobs: Job<unknown>[]) => [...new Set(jobs.flatMap((j) => j.keys))].sort((a, b) => a - b);
