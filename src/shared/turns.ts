/**
 * First come, first served turns at something that spans several awaits: the one
 * SQLite connection (the database thread gives it to the main thread's
 * transactions and to ingestion's group commits in turn), or parsing (one
 * message at a time, so that the first to arrive is the first done).
 */
export class Turns {
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
