import { EventEmitter } from 'node:events';

/** What the console hears about as it happens (Server-Sent Events). */
export type LiveEvent =
  | { type: 'activity'; checkId: number; activityId: number; status: string; at: string }
  | { type: 'checks' }
  | { type: 'message'; messageId: number; matched: boolean };

/** In-process news of committed changes; listeners must not throw. */
export class LiveEvents {
  private readonly emitter = new EventEmitter();

  /** How often a stream says it is alive and checks its session (25 s; tests shorten it). */
  constructor(readonly heartbeatMs = 25_000) {
    this.emitter.setMaxListeners(1000);
  }

  private relay: ((event: LiveEvent) => void) | null = null;

  /** Where events published here also go (the other nodes on the database). */
  relayTo(relay: (event: LiveEvent) => void): void {
    this.relay = relay;
  }

  /** An event of this node: its listeners hear it, and the relay passes it on. */
  publish(event: LiveEvent): void {
    this.emitter.emit('event', event);
    this.relay?.(event);
  }

  /** An event another node published: only this node's listeners hear it. */
  receive(event: LiveEvent): void {
    this.emitter.emit('event', event);
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
