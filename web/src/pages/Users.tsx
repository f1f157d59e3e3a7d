import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorNote, Page } from '../components/Page.js';
import { Table } from '../components/Table.js';
import { type GroupChoice, GroupScopeField, groupsInWords } from '../components/UserGroups.js';
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
  groupIds: number[] | null;
}

const NEW_USER = { username: '', password: '', role: 'viewer', groupIds: null as number[] | null };

/** Who can use the console: administrators change everything, viewers only look (at every group, or only some). */
export function Users(_: { params: Record<string, string> }) {
  const session = useSession();
  const [users, setUsers] = useState<UserRow[]>([]);
  const [groups, setGroups] = useState<GroupChoice[]>([]);
  const [form, setForm] = useState(NEW_USER);
  const [limiting, setLimiting] = useState<{ user: UserRow; groupIds: number[] | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = async () => {
    const [answer, known] = await Promise.all([api<UserRow[] | { items: UserRow[] }>('GET', '/users'), api<{ items: GroupChoice[] }>('GET', '/groups')]);
    setUsers(Array.isArray(answer) ? answer : answer.items);
    setGroups(known.items);
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
      await api('POST', '/users', { ...form, groupIds: form.role === 'admin' ? null : form.groupIds });
      setForm(NEW_USER);
    })();
  };
  const limit = (e: Event) => {
    e.preventDefault();
    if (!limiting) return;
    void act(async () => {
      await api('PATCH', `/users/${limiting.user.id}`, { groupIds: limiting.groupIds });
      setLimiting(null);
    })();
  };
  // An administrator sees every group: the limit goes with the viewer role.
  const setRole = (u: UserRow, role: string) => act(() => api('PATCH', `/users/${u.id}`, role === 'admin' ? { role, groupIds: null } : { role }))();
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: (e.target as HTMLInputElement).value });
  return (
    <Page title="Users">
      <form class="user-form" onSubmit={create}>
        <div class="filters">
          <input aria-label="User name" placeholder="User name" required value={form.username} onInput={set('username')} />
          <input aria-label="Password" type="password" placeholder="Password (10+ characters)" required minLength={10} value={form.password} onInput={set('password')} />
          <select aria-label="Role" value={form.role} onChange={set('role')}>
            <option value="viewer">Viewer</option>
            <option value="admin">Administrator</option>
          </select>
          <button class="primary" type="submit">
            Add user
          </button>
        </div>
        {form.role === 'viewer' && <GroupScopeField name="new-user-groups" value={form.groupIds} groups={groups} onChange={(groupIds) => setForm({ ...form, groupIds })} />}
      </form>
      <ErrorNote error={error} />
      {limiting && (
        <form class="panel user-form" aria-label={`Checks ${limiting.user.username} may see`} onSubmit={limit}>
          <GroupScopeField name="user-groups" legend={`Checks ${limiting.user.username} may see`} value={limiting.groupIds} groups={groups} onChange={(groupIds) => setLimiting({ ...limiting, groupIds })} />
          <p class="hint">It holds from their next request, in every session they have.</p>
          <button class="primary" type="submit">
            Save
          </button>{' '}
          <button type="button" onClick={() => setLimiting(null)}>
            Cancel
          </button>
        </form>
      )}
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
                onChange={(e) => setRole(u, (e.target as HTMLSelectElement).value)}
              >
                <option value="viewer">Viewer</option>
                <option value="admin">Administrator</option>
              </select>
            ),
          },
          {
            key: 'groups',
            label: 'Checks they may see',
            value: (u) => (u.role === 'admin' ? 'All groups' : groupsInWords(u.groupIds, groups)),
            render: (u) =>
              u.role === 'admin' ? (
                'All groups'
              ) : (
                <>
                  {groupsInWords(u.groupIds, groups)}{' '}
                  <button type="button" aria-label={`Change the checks ${u.username} may see`} onClick={() => setLimiting({ user: u, groupIds: u.groupIds })}>
                    Change
                  </button>
                </>
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
