import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorNote, Page } from '../components/Page.js';
import { AccountNotifications } from '../components/AccountNotifications.js';
import { RecoveryCodes } from '../components/RecoveryCodes.js';
import { Table } from '../components/Table.js';
import type { GroupChoice } from '../components/UserGroups.js';
import { keysPossible, registerKey } from '../components/webauthn.js';
import { formatTime } from '../format.js';
import { useSession } from '../session.js';

interface AccountInfo {
  user: { username: string; role: string; totpEnabled: boolean; webauthnCount: number };
  recoveryCodesLeft: number;
  webauthnAvailable: boolean;
}
interface SecurityKey {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

function PasswordForm() {
  const [form, setForm] = useState({ current: '', next: '', repeat: '' });
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: (e.target as HTMLInputElement).value });
  const submit = async (e: Event) => {
    e.preventDefault();
    setDone(false);
    if (form.next !== form.repeat) return setError(new Error('The two new passwords differ.'));
    try {
      await api('POST', '/account/password', { current: form.current, next: form.next });
      setForm({ current: '', next: '', repeat: '' });
      setError(null);
      setDone(true);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form class="form" onSubmit={submit}>
      <fieldset>
        <legend>Password</legend>
        <label class="field">
          Current password
          <input type="password" autocomplete="current-password" required value={form.current} onInput={set('current')} />
        </label>
        <label class="field">
          New password <span class="hint">(at least 10 characters; your other sessions end)</span>
          <input type="password" autocomplete="new-password" required minLength={10} value={form.next} onInput={set('next')} />
        </label>
        <label class="field">
          New password again
          <input type="password" autocomplete="new-password" required value={form.repeat} onInput={set('repeat')} />
        </label>
        <ErrorNote error={error} />
        {done && <p class="notice">Password changed.</p>}
        <button type="submit">Change password</button>
      </fieldset>
    </form>
  );
}

function Totp({ account, reload, showCodes }: { account: AccountInfo; reload: () => void; showCodes: (c: string[]) => void }) {
  const [enrolment, setEnrolment] = useState<{ secret: string; qr: string } | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const start = async () => {
    try {
      setEnrolment(await api('POST', '/account/totp'));
      setError(null);
    } catch (err) {
      setError(err);
    }
  };
  const confirm = async (e: Event) => {
    e.preventDefault();
    try {
      const { recoveryCodes } = await api<{ recoveryCodes: string[] }>('POST', '/account/totp/confirm', { code: code.trim() });
      setEnrolment(null);
      setCode('');
      showCodes(recoveryCodes);
      reload();
    } catch (err) {
      setError(err);
    }
  };
  const disable = async () => {
    const password = prompt('Your password, to turn off the authenticator app:');
    if (!password) return;
    try {
      await api('DELETE', '/account/totp', { password });
      reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <fieldset>
      <legend>Authenticator app (TOTP)</legend>
      {account.user.totpEnabled ? (
        <p>
          On: logging in asks for a code from your app. <button type="button" class="danger" onClick={disable}>Turn off</button>
        </p>
      ) : enrolment ? (
        <form class="form" onSubmit={confirm}>
          <p>Scan this code with your authenticator app, then type the six digits it shows.</p>
          <img src={enrolment.qr} alt="QR code for the authenticator app" width={200} height={200} />
          <p class="muted">
            Or enter this secret by hand: <code data-testid="totp-secret">{enrolment.secret}</code>
          </p>
          <label class="field">
            Code
            <input name="totp-code" autocomplete="one-time-code" inputMode="numeric" required value={code} onInput={(e) => setCode((e.target as HTMLInputElement).value)} />
          </label>
          <button class="primary" type="submit">
            Turn on
          </button>
        </form>
      ) : (
        <p>
          Off. <button type="button" onClick={start}>Set up the authenticator app</button>
        </p>
      )}
      <ErrorNote error={error} />
    </fieldset>
  );
}

function SecurityKeys({ account, reload, showCodes }: { account: AccountInfo; reload: () => void; showCodes: (c: string[]) => void }) {
  const [keys, setKeys] = useState<SecurityKey[]>([]);
  const [error, setError] = useState<unknown>(null);
  const load = async () => setKeys(await api<SecurityKey[] | { items: SecurityKey[] }>('GET', '/account/webauthn').then((r) => (Array.isArray(r) ? r : r.items)));
  useEffect(() => void load().catch(setError), [account.user.webauthnCount]);
  const add = async () => {
    const name = prompt('A name for this security key:', 'Security key');
    if (!name) return;
    try {
      const options = await api('POST', '/account/webauthn/options');
      const added = await api<{ recoveryCodes: string[] | null }>('POST', '/account/webauthn', { name, response: await registerKey(options) });
      if (added.recoveryCodes) showCodes(added.recoveryCodes);
      reload();
    } catch (err) {
      setError(err);
    }
  };
  const remove = async (key: SecurityKey) => {
    if (!confirm(`Remove the security key "${key.name}"?`)) return;
    await api('DELETE', `/account/webauthn/${key.id}`).catch(setError);
    reload();
  };
  const possible = keysPossible() && account.webauthnAvailable;
  return (
    <fieldset>
      <legend>Security keys (FIDO2 / WebAuthn)</legend>
      {!possible && <p class="muted">Browsers offer security keys only when the console is on HTTPS or localhost.</p>}
      <Table
        id="security-keys"
        rowKey={(k) => k.id}
        rows={keys}
        empty="No security keys."
        columns={[
          { key: 'name', label: 'Name' },
          { key: 'createdAt', label: 'Added', render: (k) => formatTime(k.createdAt) },
          { key: 'lastUsedAt', label: 'Last used', render: (k) => formatTime(k.lastUsedAt) || 'never' },
          { key: 'remove', label: '', sortable: false, value: () => '', render: (k) => <button type="button" class="danger" onClick={() => remove(k)}>Remove</button> },
        ]}
        actions={
          <button type="button" onClick={add} disabled={!possible} aria-label="Add a security key">
            +
          </button>
        }
      />
      <ErrorNote error={error} />
    </fieldset>
  );
}

function Recovery({ account, showCodes }: { account: AccountInfo; showCodes: (c: string[]) => void }) {
  const [error, setError] = useState<unknown>(null);
  const renew = async () => {
    const password = prompt('Your password, to make a new set of recovery codes (the old ones stop working):');
    if (!password) return;
    try {
      showCodes((await api<{ recoveryCodes: string[] }>('POST', '/account/recovery-codes', { password })).recoveryCodes);
    } catch (err) {
      setError(err);
    }
  };
  if (!account.user.totpEnabled && !account.user.webauthnCount) return null;
  return (
    <fieldset>
      <legend>Recovery codes</legend>
      <p>
        {account.recoveryCodesLeft} unused. <button type="button" onClick={renew}>Make new codes</button>
      </p>
      <ErrorNote error={error} />
    </fieldset>
  );
}

/** What a user limited to some groups sees (GET /groups answers theirs alone). */
function GroupsSeen() {
  const [groups, setGroups] = useState<GroupChoice[] | null>(null);
  useEffect(() => void api<{ items: GroupChoice[] }>('GET', '/groups').then((g) => setGroups(g.items), () => setGroups([])), []);
  if (!groups) return null;
  return <p>You see the checks of {groups.length ? `these groups only: ${groups.map((g) => g.name).join(', ')}` : 'no group: an administrator can give you some'}.</p>;
}

/** The person's own account: notifications, password and second factors. */
export function Account(_: { params: Record<string, string> }) {
  const session = useSession();
  const [account, setAccount] = useState<AccountInfo | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = () => void api<AccountInfo>('GET', '/account').then(setAccount, setError);
  useEffect(reload, []);
  return (
    <Page title="My account">
      <p>
        Logged in as <strong>{session.user.username}</strong> ({session.isAdmin ? 'administrator' : 'viewer'}).
      </p>
      {session.limited && <GroupsSeen />}
      <ErrorNote error={error} />
      {codes && <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />}
      <AccountNotifications />
      <PasswordForm />
      {account && (
        <>
          <Totp account={account} reload={reload} showCodes={setCodes} />
          <SecurityKeys account={account} reload={reload} showCodes={setCodes} />
          <Recovery account={account} showCodes={setCodes} />
        </>
      )}
    </Page>
  );
}
