import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorNote } from '../components/Page.js';
import type { SessionState } from '../session.js';

/** First start: there is no account yet, and this page creates the first administrator. */
export function Setup({ session }: { session: SessionState }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (password !== repeat) return setError(new Error('The two passwords differ.'));
    try {
      await api('POST', '/setup', { username, password });
      await session.refresh();
    } catch (err) {
      setError(err);
    }
  };
  document.title = 'Set up · backwatch';
  return (
    <form class="centered form" onSubmit={submit}>
      <h1>Welcome to backwatch</h1>
      <p class="muted">Create the first administrator. There is no default account.</p>
      <label class="field">
        User name
        <input autocomplete="username" required value={username} onInput={(e) => setUsername((e.target as HTMLInputElement).value)} />
      </label>
      <label class="field">
        Password <span class="hint">(at least 10 characters)</span>
        <input type="password" autocomplete="new-password" required minLength={10} value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
      </label>
      <label class="field">
        Password again
        <input type="password" autocomplete="new-password" required value={repeat} onInput={(e) => setRepeat((e.target as HTMLInputElement).value)} />
      </label>
      <ErrorNote error={error} />
      <button class="primary" type="submit">
        Create administrator
      </button>
    </form>
  );
}
