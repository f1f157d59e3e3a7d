import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorNote } from '../components/Page.js';
import { authenticateWithKey, keysPossible } from '../components/webauthn.js';
import type { SessionState } from '../session.js';

function SecondFactor({ session }: { session: SessionState }) {
  const [method, setMethod] = useState<'totp' | 'recovery'>('totp');
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      await api('POST', method === 'totp' ? '/session/totp' : '/session/recovery', { code: code.trim() });
      await session.refresh();
    } catch (err) {
      setError(err);
    }
  };
  const useKey = async () => {
    try {
      const options = await api('POST', '/session/webauthn/options');
      await api('POST', '/session/webauthn', { response: await authenticateWithKey(options) });
      await session.refresh();
    } catch (err) {
      setError(err);
    }
  };
  const cancel = async () => {
    await api('DELETE', '/session').catch(() => {});
    await session.refresh();
  };
  const methods = session.mfaMethods;
  return (
    <form class="centered form" onSubmit={submit}>
      <h1>Two-factor authentication</h1>
      {methods.includes('webauthn') && keysPossible() && (
        <button type="button" onClick={useKey}>
          Use a security key
        </button>
      )}
      {(methods.includes('totp') || method === 'recovery') && (
        <label class="field">
          {method === 'totp' ? 'Code from your authenticator app' : 'Recovery code'}
          <input
            name="code"
            autocomplete="one-time-code"
            inputMode={method === 'totp' ? 'numeric' : 'text'}
            required
            value={code}
            onInput={(e) => setCode((e.target as HTMLInputElement).value)}
          />
        </label>
      )}
      <ErrorNote error={error} />
      <button class="primary" type="submit">
        Verify
      </button>
      <p class="muted">
        {method === 'totp' ? (
          <button type="button" onClick={() => setMethod('recovery')}>
            Use a recovery code instead
          </button>
        ) : (
          methods.includes('totp') && (
            <button type="button" onClick={() => setMethod('totp')}>
              Use the authenticator app
            </button>
          )
        )}{' '}
        <button type="button" onClick={cancel}>
          Cancel
        </button>
      </p>
    </form>
  );
}

/** The login page, and its second step for accounts with two-factor authentication. */
export function Login({ session }: { session: SessionState }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  document.title = 'Log in · backwatch';
  if (session.mfaPending) return <SecondFactor session={session} />;
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      await api('POST', '/session', { username, password });
      await session.refresh();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form class="centered form" onSubmit={submit}>
      <h1>Log in to backwatch</h1>
      {session.expired && (
        <p class="notice" role="status">
          Your session ended after a time without activity. Log in again to go on.
        </p>
      )}
      <label class="field">
        User name
        <input name="username" autocomplete="username" required value={username} onInput={(e) => setUsername((e.target as HTMLInputElement).value)} />
      </label>
      <label class="field">
        Password
        <input name="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
      </label>
      <ErrorNote error={error} />
      <button class="primary" type="submit">
        Log in
      </button>
    </form>
  );
}
