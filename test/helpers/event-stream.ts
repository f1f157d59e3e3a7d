import type { ConsoleClient } from './console-client.js';

export interface EventStream {
  /** Everything read so far. */
  text: string;
  /** The server ended the stream. */
  ended: boolean;
  /** The text once `pattern` shows in it after `from`, or once the stream ends; fails after 10 s. */
  waitFor(pattern: RegExp, from?: number): Promise<string>;
  /** The same, with whether the stream ended before the pattern showed. */
  readUntil(pattern: RegExp): Promise<{ text: string; ended: boolean }>;
  close(): void;
}

/** Opens the console's live stream (GET /events) with the client's cookie and reads it in the background. */
export async function openEventStream(port: number, b: ConsoleClient): Promise<EventStream> {
  const controller = new AbortController();
  const cookie = [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/events`, { headers: { cookie }, signal: controller.signal });
  if (res.status !== 200) throw new Error(`GET /events answered ${res.status}`);
  const reader = res.body!.getReader();
  const stream: EventStream = {
    text: '',
    ended: false,
    async waitFor(pattern, from = 0) {
      for (let i = 0; i < 200; i++) {
        if (pattern.test(stream.text.slice(from)) || stream.ended) return stream.text;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`timed out waiting for ${pattern} on the stream`);
    },
    async readUntil(pattern) {
      const text = await stream.waitFor(pattern);
      return { text, ended: !pattern.test(text) };
    },
    close: () => controller.abort(),
  };
  void (async () => {
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (chunk.done) break;
      stream.text += new TextDecoder().decode(chunk.value);
    }
    stream.ended = true;
  })();
  return stream;
}
