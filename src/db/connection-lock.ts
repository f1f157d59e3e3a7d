/**
 * First come, first served turns on the one SQLite connection, for work that
 * spans several awaits (a transaction): the database thread gives it to the
 * main thread's transactions and to ingestion's group commits in turn.
 */
export class ConnectionLock {
  private tail: Promise<void> = Promise.resolve();

  /** Resolves with the function that gives the turn back, once it is ours. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const ours = this.tail.then(() => release);
    this.tail = this.tail.then(() => turn);
    return ours;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
}
