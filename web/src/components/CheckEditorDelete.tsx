/** The check page's delete confirmation; a discovered check may be let be discovered again. */
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { navigate } from '../router.js';
import type { StoredCheck } from './CheckEditorForm.js';

export function DeleteConfirm({ check, onCancel, onError }: { check: StoredCheck; onCancel: () => void; onError: (e: unknown) => void }) {
  const [rediscover, setRediscover] = useState(false);
  const remove = async () => {
    try {
      await api('DELETE', `/checks/${check.id}${rediscover ? '?rediscover=true' : ''}`);
      navigate('/checks');
    } catch (e) {
      onError(e);
    }
  };
  return (
    <div class="confirm" role="alertdialog" aria-labelledby="confirm-delete">
      <p id="confirm-delete">Delete “{check.name}” and all its activities? Its messages are kept (unmatched if no other check claims them). This cannot be undone.</p>
      {check.origin && check.origin !== 'manual' && (
        <p>
          <label class="inline">
            <input type="checkbox" checked={rediscover} onChange={(e) => setRediscover((e.target as HTMLInputElement).checked)} /> Let the next report of this {check.origin === 'comet' ? 'protected item' : 'job'} discover it again
            (otherwise its reports stay unmatched)
          </label>
        </p>
      )}
      <button type="button" class="danger" onClick={remove}>
        Delete check
      </button>{' '}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
