/** Settings › Comet: protected items whose discovered check was deleted, so they are not discovered again. */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { formatTime } from '../format.js';
import { ErrorNote } from './Page.js';
import { type Column, Table } from './Table.js';

interface Tombstone {
  id: number;
  username: string;
  device: string;
  protectedItem: string;
  createdAt: string;
}

export function CometTombstones({ readOnly }: { readOnly: boolean }) {
  const [rows, setRows] = useState<Tombstone[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');

  const load = () => api<{ items: Tombstone[] }>('GET', '/comet/tombstones').then((t) => setRows(t.items), setError);
  useEffect(() => void load(), []);

  const allow = async (t: Tombstone) => {
    try {
      await api('DELETE', `/comet/tombstones/${t.id}`);
      setNotice(`The next report of ${t.username} › ${t.device} › ${t.protectedItem} makes a check again.`);
      setError(null);
      await load();
    } catch (e) {
      setError(e);
    }
  };

  const columns: Column<Tombstone>[] = [
    { key: 'username', label: 'Username' },
    { key: 'device', label: 'Device' },
    { key: 'protectedItem', label: 'Protected item' },
    { key: 'createdAt', label: 'Check deleted', render: (t) => formatTime(t.createdAt) },
    ...(readOnly
      ? []
      : [
          {
            key: 'action',
            label: 'Action',
            sortable: false,
            value: () => '',
            render: (t: Tombstone) => (
              <button type="button" class="small" onClick={() => allow(t)} aria-label={`Allow rediscovery of ${t.username} › ${t.device} › ${t.protectedItem}`}>
                Allow rediscovery
              </button>
            ),
          },
        ]),
  ];

  return (
    <section class="panel settings-form comet-tombstones" aria-labelledby="tombstones-heading">
      <h2 id="tombstones-heading">Deleted discovered checks</h2>
      <p class="hint">Their protected items are not discovered again: their reports stay unmatched until you allow it.</p>
      <ErrorNote error={error} />
      {notice && (
        <p class="notice-line" role="status">
          {notice}
        </p>
      )}
      <Table id="comet-tombstones" columns={columns} rows={rows ?? []} rowKey={(t) => t.id} loading={rows === null} empty="None: every deleted discovered check may be discovered again." />
    </section>
  );
}
