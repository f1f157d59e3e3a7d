import { type MessagePort, Worker, type WorkerOptions } from 'node:worker_threads';

interface Request {
  id: number;
  op: string;
  payload: unknown;
}

type Reply = { id: number; value: unknown } | { id: number; error: WireError };
type Notice = { op: string; payload: unknown };

/** An error as it crosses threads: the message, and the code callers look at (SQLITE_BUSY…). */
interface WireError {
  name: string;
  message: string;
  code?: unknown;
}

const toWire = (e: unknown): WireError =>
  e instanceof Error ? { name: e.name, message: e.message, ...('code' in e ? { code: e.code } : {}) } : { name: 'Error', message: String(e) };

function fromWire(w: WireError): Error {
  const error = new Error(w.message);
  error.name = w.name;
  return w.code === undefined ? error : Object.assign(error, { code: w.code });
}

/** Handlers for the requests a thread serves; a notice is a request nobody waits for. */
export type Handlers = Record<string, (payload: any) => unknown>;

/**
 * The worker's side: answers each request with its handler's value (or error),
 * in whatever order they finish; a notice (no id) gets no answer.
 */
export function serveRequests(port: MessagePort, handlers: Handlers): void {
  port.on('message', (m: Request | Notice) => {
    const handler = handlers[m.op];
    if (!('id' in m)) {
      handler?.(m.payload);
      return;
    }
    if (!handler) return port.postMessage({ id: m.id, error: { name: 'Error', message: `unknown request ${m.op}` } } satisfies Reply);
    let answer: Promise<unknown>;
    try {
      answer = Promise.resolve(handler(m.payload));
    } catch (e) {
      answer = Promise.reject(e);
    }
    answer.then(
      (value) => port.postMessage({ id: m.id, value } satisfies Reply),
      (e) => port.postMessage({ id: m.id, error: toWire(e) } satisfies Reply),
    );
  });
}

/** Tells the main thread the worker could not start, or that it has. */
export const announce = (port: MessagePort, failure?: unknown) => port.postMessage(failure === undefined ? { ready: true } : { ready: false, error: toWire(failure) });

/**
 * The main thread's side of a worker that serves requests. A worker that dies
 * fails every request in flight and every one after; `onExit` says so once.
 */
export class ThreadClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  private dead: Error | null = null;
  private closing = false;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: Reply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if ('error' in m) p.reject(fromWire(m.error));
      else p.resolve(m.value);
    });
  }

  static async start(url: URL, options: WorkerOptions, onExit: (error: Error | null) => void): Promise<ThreadClient> {
    const worker = new Worker(url, options);
    const first = await new Promise<{ ready: boolean; error?: WireError }>((resolve, reject) => {
      const exited = (code: number) => reject(new Error(`${url.pathname} exited with code ${code} before it was ready`));
      worker.once('message', (m) => {
        worker.off('error', reject).off('exit', exited);
        resolve(m);
      });
      worker.once('error', reject).once('exit', exited);
    });
    if (!first.ready) {
      await worker.terminate();
      throw fromWire(first.error!);
    }
    const client = new ThreadClient(worker);
    worker.on('error', (e) => client.fail(e));
    worker.on('exit', (code) => {
      const error = client.closing ? null : new Error(`the ${url.pathname} thread stopped (exit code ${code})`);
      client.fail(error ?? new Error('the thread was closed'));
      onExit(error);
    });
    return client;
  }

  request<T>(op: string, payload?: unknown): Promise<T> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, payload } satisfies Request);
    });
  }

  notify(op: string, payload: unknown): void {
    if (!this.dead) this.worker.postMessage({ op, payload } satisfies Notice);
  }

  /** Asks the worker to finish (`op` settles its work and replies), then ends the thread. */
  async close(op: string): Promise<void> {
    if (this.dead) return;
    await this.request(op).catch(() => {});
    this.closing = true;
    await this.worker.terminate();
  }

  private fail(error: Error) {
    this.dead ??= error;
    for (const p of this.pending.values()) p.reject(this.dead);
    this.pending.clear();
  }
}
