import { useEffect } from 'preact/hooks';
import { sessionEnded } from './api.js';

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
