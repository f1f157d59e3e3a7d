/** What POST /channels/{id}/test answers. */
export interface TestOutcome {
  ok: boolean;
  status?: number;
  error?: string;
  retryable?: boolean;
  response?: string;
  durationMs: number;
  /** Settings the vendor does not have, by config path (config.boardId). */
  problems?: { path: string; message: string }[];
}

/** How a channel test went: ok or not, the HTTP status, the error, the settings the vendor does not have, and the start of the answer. */
export function TestResult({ outcome, labelOf }: { outcome: TestOutcome; labelOf: (path: string) => string }) {
  return (
    <section class={`panel test-outcome ${outcome.ok ? 'ok' : 'failed'}`} role="status" aria-label="Test outcome">
      <h2>
        <span aria-hidden="true">{outcome.ok ? '✓' : '✕'}</span> {outcome.ok ? 'The test went through' : 'The test failed'}
      </h2>
      <dl class="facts">
        <dt>HTTP status</dt>
        <dd data-fact="status">{outcome.status ?? 'none'}</dd>
        <dt>Took</dt>
        <dd>{outcome.durationMs} ms</dd>
        {outcome.error && (
          <>
            <dt>Error</dt>
            <dd data-fact="error">{outcome.error}</dd>
          </>
        )}
        {!outcome.ok && outcome.retryable !== undefined && (
          <>
            <dt>Would be retried</dt>
            <dd>{outcome.retryable ? 'yes: waiting may fix it' : 'no: the settings need a change'}</dd>
          </>
        )}
      </dl>
      {!!outcome.problems?.length && (
        <>
          <h3>Settings the vendor does not have</h3>
          <ul class="test-problems">
            {outcome.problems.map((p) => (
              <li key={p.path} data-problem={p.path}>
                <strong>{labelOf(p.path)}</strong>: {p.message}
              </li>
            ))}
          </ul>
        </>
      )}
      {outcome.response && (
        <>
          <h3>The start of the answer</h3>
          <pre class="excerpt">{outcome.response}</pre>
        </>
      )}
    </section>
  );
}

