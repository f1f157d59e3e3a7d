import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorNote, Page } from '../components/Page.js';
import { Table } from '../components/Table.js';
import { formatTime } from '../format.js';
import { useSession } from '../session.js';

interface UserRow {
  id: number;
  username: string;
  role: 'admin' | 'viewer';
  totpEnabled: boolean;
  webauthnCount: number;
  createdAt: string;
  lastLoginAt: string | null;
}

/** Who can use the console: administrators change everything, viewers only look. */
export function Users(_: { params: Record<string, string> }) {
  const session = useSession();
  const [users, setUsers] = useState<UserRow[]>([]);
  const [form, setForm] = useState({ username: '', password: '', role: 'viewer' });
  const [error, setError] = useState<unknown>(null);
  const load = async () => {
    const answer = await api<UserRow[] | { items: UserRow[] }>('GET', '/users');
    setUsers(Array.isArray(answer) ? answer : answer.items);
  };
  useEffect(() => void load().catch(setError), []);
  const act = (work: () => Promise<unknown>) => async () => {
    try {
      await work();
      setError(null);
      await load();
    } catch (err) {
      setError(err);
    }
  };
  const create = (e: Event) => {
    e.preventDefault();
    void act(async () => {
      await api('POST', '/users', form);
      setForm({ username: '', password: '', role: 'viewer' });
    })();
  };
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: (e.target as HTMLInputElement).value });
  return (
    <Page title="Users">
      <form class="filters" onSubmit={create}>
        <input aria-label="User name" placeholder="User name" required value={form.username} onInput={set('username')} />
        <input aria-label="Password" type="password" placeholder="Password (10+ characters)" required minLength={10} value={form.password} onInput={set('password')} />
        <select aria-label="Role" value={form.role} onChange={set('role')}>
          <option value="viewer">Viewer</option>
          <option value="admin">Administrator</option>
        </select>
        <button class="primary" type="submit">
          Add user
        </button>
      </form>
      <ErrorNote error={error} />
      <Table
        id="users"
        rowKey={(u) => u.id}
        rows={users}
        columns={[
          { key: 'username', label: 'User name' },
          {
            key: 'role',
            label: 'Role',
            render: (u) => (
              <select
                aria-label={`Role of ${u.username}`}
                value={u.role}
                onChange={(e) => act(() => api('PATCH', `/users/${u.id}`, { role: (e.target as HTMLSelectElement).value }))()}
              >
                <option value="viewer">Viewer</option>
                <option value="admin">Administrator</option>
              </select>
            ),
          },
          { key: 'mfa', label: 'Second factor', value: (u) => [u.totpEnabled && 'app', u.webauthnCount && `${u.webauthnCount} key(s)`].filter(Boolean).join(', ') || 'none' },
          { key: 'lastLoginAt', label: 'Last login', render: (u) => formatTime(u.lastLoginAt) || 'never' },
          { key: 'createdAt', label: 'Created', render: (u) => formatTime(u.createdAt), hidden: true },
          {
            key: 'actions',
            label: '',
            sortable: false,
            value: () => '',
            render: (u) => (
              <>
                <button
                  type="button"
                  onClick={() => {
                    const password = prompt(`New password for ${u.username}:`);
                    if (password) void act(() => api('PATCH', `/users/${u.id}`, { password }))();
                  }}
                >
                  Reset password
                </button>{' '}
                {(u.totpEnabled || u.webauthnCount > 0) && (
                  <button type="button" onClick={() => confirm(`Remove ${u.username}'s second factors?`) && act(() => api('PATCH', `/users/${u.id}`, { resetMfa: true }))()}>
                    Reset 2FA
                  </button>
                )}{' '}
                {u.id !== session.user.id && (
                  <button type="button" class="danger" onClick={() => confirm(`Delete ${u.username}?`) && act(() => api('DELETE', `/users/${u.id}`))()}>
                    Delete
                  </button>
                )}
              </>
            ),
          },
        ]}
      />
    </Page>
  );
}
