// Page frames: a desktop shell (sidebar) for the console and brand portal, a mobile shell
// (top bar + bottom tabs, 375 px first) for the reseller app.
import { Fragment } from 'react';
import { NavLink, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LangSwitch } from './LangSwitch.tsx';
import { useLogout } from '../lib/auth.tsx';
import { currentNavLabel, useTitle } from '../lib/title.ts';

/**
 * icon: decorative (a lucide icon), hidden from screen readers; the label carries the meaning.
 * section: the heading of the group this item opens (仓库 above its screens) in a sidebar.
 */
export interface NavItem { to: string; label: string; icon?: React.ReactNode; end?: boolean; also?: string[]; section?: string }

export function DesktopShell({ title, user, nav, children }: { title: string; user?: string; nav: NavItem[]; children: React.ReactNode }) {
  const { t } = useTranslation();
  const logout = useLogout();
  useTitle([currentNavLabel(useLocation().pathname, nav), title]);
  return (
    <div className="desktop-shell">
      <aside className="sidebar">
        <div className="brand-mark">{t('common.appName')}<small>{title}</small></div>
        <nav aria-label={title}>
          {nav.map((n) => (
            <Fragment key={n.to}>
              {n.section && <div className="nav-section">{n.section}</div>}
              <NavLink to={n.to} end={n.end} className={({ isActive }) => (isActive ? 'active' : '')}>{n.icon && <span aria-hidden>{n.icon}</span>}{n.label}</NavLink>
            </Fragment>
          ))}
        </nav>
      </aside>
      <div className="desktop-main">
        <header className="topbar">
          <span className="who">{user}</span>
          <LangSwitch />
          <button type="button" className="btn btn-ghost" onClick={() => void logout()}>{t('common.logout')}</button>
        </header>
        <main className="content">{children}</main>
      </div>
    </div>
  );
}

export function MobileShell({ title, area, tabs, children, action }: { title: string; area?: string; tabs: NavItem[]; children: React.ReactNode; action?: React.ReactNode }) {
  useTitle([title, area]);
  // a page reached from a tab (the flash sales from 档期) keeps that tab lit
  const path = useLocation().pathname;
  return (
    <div className="mobile-shell">
      <header className="mobile-top"><h1>{title}</h1><div className="mobile-actions">{action}<LangSwitch /></div></header>
      <main className="mobile-content">{children}</main>
      <nav className="tabbar" aria-label={title}>
        {tabs.map((n) => <NavLink key={n.to} to={n.to} end={n.end} className={({ isActive }) => (isActive || n.also?.some((p) => path === p || path.startsWith(`${p}/`)) ? 'active' : '')}><span aria-hidden className="tab-icon">{n.icon}</span>{n.label}</NavLink>)}
      </nav>
    </div>
  );
}
