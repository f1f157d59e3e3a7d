import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorNote, Page } from '../components/Page.js';
import { Table } from '../components/Table.js';
import { formatTime } from '../format.js';

interface ApiKey {
  id: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** API keys for scripts and tools: create (the key is shown once), see when each was last used, revoke. */
export function ApiKeys(_: { params: Record<string, string> }) {
  const [keys, setKeys] = useState<ApiKey[]>([]);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = async () => {
    const answer = await api<ApiKey[] | { items: ApiKey[] }>('GET', '/apikeys');
    setKeys(Array.isArray(answer) ? answer : answer.items);
  };
  useEffect(() => void load().catch(setError), []);
  const create = async (e: Event) => {
    e.preventDefault();
    try {
      setCreated(await api('POST', '/apikeys', { name }));
      setName('');
      await load();
    } catch (err) {
      setError(err);
    }
  };
  const revoke = async (k: ApiKey) => {
    if (!confirm(`Revoke the API key "${k.name}"? Anything using it stops working at once.`)) return;
    await api('DELETE', `/apikeys/${k.id}`).catch(setError);
    await load();
  };
  return (
    <Page title="API keys">
      <form class="filters" onSubmit={create}>
        <input aria-label="Name of the new key" placeholder="Name, e.g. monitoring script" required value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        <button class="primary" type="submit">
          Create key
        </button>
      </form>
      {created && (
        <div class="panel" role="region" aria-label="New API key">
          <p>
            The key <strong>{created.name}</strong>. Copy it now: it is not shown again.
          </p>
          <pre class="text" data-testid="new-key">{created.key}</pre>
          <button type="button" onClick={() => navigator.clipboard.writeText(created.key)}>
            Copy
          </button>{' '}
          <button type="button" onClick={() => setCreated(null)}>
            Done
          </button>
        </div>
      )}
      <ErrorNote error={error} />
      <Table
        id="api-keys"
        rowKey={(k) => k.id}
        rows={keys}
        empty="No API keys."
        columns={[
          { key: 'name', label: 'Name' },
          { key: 'prefix', label: 'Starts with', render: (k) => <code>{k.prefix}…</code> },
          { key: 'createdAt', label: 'Created', render: (k) => formatTime(k.createdAt) },
          { key: 'lastUsedAt', label: 'Last used', render: (k) => formatTime(k.lastUsedAt) || 'never' },
          { key: 'revokedAt', label: 'State', value: (k) => (k.revokedAt ? `revoked ${formatTime(k.revokedAt)}` : 'active') },
          {
            key: 'revoke',
            label: '',
            sortable: false,
            value: () => '',
            render: (k) => !k.revokedAt && <button type="button" class="danger" onClick={() => revoke(k)}>Revoke</button>,
          },
        ]}
      />
    </Page>
  );
}
