import type { Db } from './database.js';

interface Job<T> {
  work: (trx: Db) => Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: writes queued in the same turn of the event loop share one
 * transaction, and so one fsync, instead of paying one each. Every job runs in
 * its own savepoint, so a job that fails is rolled back alone. A job's promise
 * settles only after the commit that holds it, which is what lets SMTP answer
 * 250 for exactly the messages on disk.
 */
export class CommitQueue {
  private queue: Job<any>[] = [];
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly maxBatch = 200,
  ) {}

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
    this.flushing = new Promise<void>((done) => setImmediate(done))
      .then(() => this.flush())
      .finally(() => {
        this.flushing = null;
        if (this.queue.length) this.schedule();
      });
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0, this.maxBatch);
    if (!batch.length) return;
    const done: { job: Job<any>; value: unknown }[] = [];
    const failed = new Set<Job<any>>();
    try {
      const trx = await this.db.startTransaction().execute();
      try {
        for (const job of batch) {
          const sp = await trx.savepoint('job').execute();
          try {
            done.push({ job, value: await job.work(sp) });
          } catch (error) {
            await sp.rollbackToSavepoint('job').execute();
            failed.add(job);
            job.reject(error);
          }
          await sp.releaseSavepoint('job').execute();
        }
        await trx.commit().execute();
      } catch (error) {
        await trx.rollback().execute().catch(() => {});
        throw error;
      }
    } catch (error) {
      for (const job of batch) if (!failed.has(job)) job.reject(error);
      return;
    }
    for (const { job, value } of done) job.resolve(value);
  }
}
