import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export interface User {
  id: number;
  username: string;
  role: 'admin' | 'viewer';
  totpEnabled?: boolean;
  /** The check groups the user may see; null: every group. */
  groupIds?: number[] | null;
}

export interface Session {
  setupRequired: boolean;
  user: User | null;
  mfaPending: boolean;
  mfaMethods: string[];
  csrfToken: string | null;
}

export interface SessionState extends Session {
  /** The server ended the session (inactivity) while the console was open. */
  expired: boolean;
  /** Reads the session again (after login, logout, or when the server says it expired). */
  refresh: () => Promise<void>;
}

export const SessionContext = createContext<SessionState | null>(null);

/** The logged-in console's session; `limited`: the user sees only some groups' checks (and never unmatched messages). */
export function useSession(): SessionState & { user: User; isAdmin: boolean; limited: boolean } {
  const s = useContext(SessionContext);
  if (!s?.user) throw new Error('useSession outside a logged-in console');
  return { ...s, user: s.user, isAdmin: s.user.role === 'admin', limited: Array.isArray(s.user.groupIds) };
}
