/** Recovery codes are shown once: the person must keep them now. */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  return (
    <div class="panel" role="region" aria-label="Recovery codes">
      <p>
        <strong>Keep these recovery codes somewhere safe.</strong> Each one lets you log in once without your second factor. They are not shown again.
      </p>
      <pre class="text recovery-codes">{codes.join('\n')}</pre>
      <button type="button" onClick={() => navigator.clipboard.writeText(codes.join('\n'))}>
        Copy
      </button>{' '}
      <button type="button" class="primary" onClick={onDone}>
        I have kept them
      </button>
    </div>
  );
}
