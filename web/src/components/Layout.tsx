import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { api, setCsrfToken } from '../api.js';
import { closeLive } from '../live.js';
import { ROUTES } from '../routes.js';
import { Link, useLocation } from '../router.js';
import { useSession } from '../session.js';

export function Layout({ children }: { children: ComponentChildren }) {
  const session = useSession();
  const { path } = useLocation();
  const menu = useRef<HTMLDetailsElement>(null);
  // The menu closes when an item is chosen, and on any click outside it, as menus do.
  useEffect(() => {
    const close = (e: MouseEvent) => {
      if (menu.current && !menu.current.contains(e.target as Node)) menu.current.open = false;
    };
    document.addEventListener('click', close);
    return () => document.removeEventListener('click', close);
  }, []);
  const logout = async () => {
    await api('DELETE', '/session').catch(() => {});
    closeLive();
    setCsrfToken(null);
    history.replaceState(null, '', '/');
    await session.refresh();
  };
  return (
    <div class="shell">
      <header class="topbar">
        <Link href="/" class="brand">
          backwatch
        </Link>
        <nav aria-label="Main">
          {ROUTES.filter((r) => r.label && (!r.admin || session.isAdmin) && (!r.everyGroup || !session.limited)).map((r) => {
            const current = r.path === '/' ? path === '/' : path === r.path || path.startsWith(`${r.path}/`);
            return (
              <Link key={r.path} href={r.path} aria-current={current ? 'page' : undefined}>
                {r.label}
              </Link>
            );
          })}
        </nav>
        <details class="menu user-menu" ref={menu}>
          <summary aria-label="User menu">
            {session.user.username} <span class="muted">({session.user.role === 'admin' ? 'administrator' : 'viewer'})</span>
          </summary>
          <div class="menu-body" onClick={() => menu.current && (menu.current.open = false)}>
            <Link href="/account">My account</Link>
            <Link href="/about">About</Link>
            <button type="button" onClick={logout}>
              Log out
            </button>
          </div>
        </details>
      </header>
      <main>{children}</main>
    </div>
  );
}
