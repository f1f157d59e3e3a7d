import { useEffect, useRef, useState } from 'preact/hooks';
import { api, sessionEnded } from './api.js';

type Handler = (event: { type: string; [key: string]: unknown }) => void;

const handlers = new Set<Handler>();
let source: EventSource | null = null;

function connect() {
  if (source) return;
  source = new EventSource('/api/v1/events');
  source.addEventListener('expired', () => {
    closeLive();
    sessionEnded();
  });
  // A stream refused (401: the session ended before it connected, as after a laptop's sleep) only errors and
  // retries; the session says whether that is why.
  source.onerror = () => {
    void api<{ user: unknown }>('GET', '/session').then(
      (s) => {
        if (s.user === null && source) {
          closeLive();
          sessionEnded();
        }
      },
      () => {},
    );
  };
  for (const type of ['activity', 'message', 'checks']) {
    source.addEventListener(type, (e) => {
      const data = JSON.parse((e as MessageEvent).data);
      handlers.forEach((h) => h(data));
    });
  }
}

/** Calls `handler` whenever the server reports a change (a report, an overdue mark, a check edited). */
export function useLive(handler: Handler, deps: unknown[] = []) {
  useEffect(() => {
    connect();
    handlers.add(handler);
    return () => void handlers.delete(handler);
  }, deps);
}

export function closeLive() {
  source?.close();
  source = null;
}

/**
 * Data a page shows and keeps current: loaded once, then again shortly after
 * the server reports a change (changes arriving together cause one reload).
 */
export function useLiveData<T>(load: () => Promise<T>, delayMs = 300): { data: T | null; error: unknown; reload: () => Promise<void> } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const pending = useRef<ReturnType<typeof setTimeout>>();
  const reload = async () => {
    try {
      setData(await load());
      setError(null);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => {
    void reload();
    return () => clearTimeout(pending.current);
  }, []);
  useLive(() => {
    clearTimeout(pending.current);
    pending.current = setTimeout(reload, delayMs);
  });
  return { data, error, reload };
}
