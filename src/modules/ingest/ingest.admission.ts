/** A message let in: what it holds of the queue, until it is committed or failed. */
export interface Ticket {
  /** Counts bytes as they arrive; false once the queue's bytes would run over (the message is then refused). */
  take(bytes: number): boolean;
  release(): void;
}

export interface AdmissionLimits {
  /** Messages received or being stored at once. */
  messages: number;
  /** Their bytes together. */
  bytes: number;
}

/**
 * The bound on messages waiting for a commit. A message is let in at DATA while
 * there is room and holds its place until its commit settles; when the disk
 * cannot keep up, the messages after it are refused with a 4xx (the sender keeps
 * and retries them) instead of piling up in memory.
 */
export class Admission {
  private messages = 0;
  private bytes = 0;

  constructor(private readonly limits: AdmissionLimits) {}

  get waiting(): { messages: number; bytes: number } {
    return { messages: this.messages, bytes: this.bytes };
  }

  /** A place in the queue, or null when it is full. */
  enter(): Ticket | null {
    if (this.messages >= this.limits.messages) return null;
    this.messages++;
    let held = 0;
    let released = false;
    return {
      take: (n) => {
        if (released) return false;
        // A message alone in the queue is never refused for its size (the size limit at MAIL and DATA is for that).
        if (this.bytes + n > this.limits.bytes && this.bytes > held) return false;
        held += n;
        this.bytes += n;
        return true;
      },
      release: () => {
        if (released) return;
        released = true;
        this.messages--;
        this.bytes -= held;
      },
    };
  }
}
