const LABELS: Record<string, string> = { pending: 'Pending', success: 'Success', warning: 'Warning', failure: 'Failure', overdue: 'Overdue' };
const SYMBOLS: Record<string, string> = { pending: '○', success: '✓', warning: '!', failure: '✕', overdue: '◷' };

/** A status as colour, symbol and word, so colour is never the only signal. */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span class={`status status-${status}`}>
      <span aria-hidden="true">{SYMBOLS[status] ?? '?'}</span> {LABELS[status] ?? status}
    </span>
  );
}

/** A word that flags something (Overdue, Outdated…); `title` says more on hover. */
export function Badge({ kind, children, title }: { kind: string; children: string; title?: string }) {
  return (
    <span class={`badge badge-${kind}`} title={title}>
      {children}
    </span>
  );
}
