import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import type { NavigationItem } from '../api/types.ts';
import { mayOpen, useSession, useSignOut } from '../session/session.tsx';
import { icons, Logo } from './icons.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';

interface NavEntry {
  item: NavigationItem;
  to: string;
  testId: string;
  labelKey: string;
  icon: ReactNode;
}

const mainNav: NavEntry[] = [
  { item: 'dashboard', to: '/', testId: 'nav-dashboard', labelKey: 'nav.dashboard', icon: icons.dashboard },
  { item: 'legal-basis', to: '/legal-basis', testId: 'nav-legal-basis', labelKey: 'nav.legalBasis', icon: icons.legal },
  { item: 'cooperation', to: '/cooperation', testId: 'nav-cooperation', labelKey: 'nav.cooperation', icon: icons.cooperation },
  { item: 'screening', to: '/screening', testId: 'nav-screening', labelKey: 'nav.screening', icon: icons.screening },
  { item: 'fugitives', to: '/fugitives', testId: 'nav-fugitives', labelKey: 'nav.fugitives', icon: icons.fugitives },
  { item: 'jobs', to: '/jobs', testId: 'nav-jobs', labelKey: 'nav.jobs', icon: icons.jobs },
];
const adminNav: NavEntry[] = [
  { item: 'admin.users', to: '/admin/users', testId: 'nav-admin-users', labelKey: 'nav.adminUsers', icon: icons.users },
  { item: 'admin.agencies', to: '/admin/agencies', testId: 'nav-admin-agencies', labelKey: 'nav.adminAgencies', icon: icons.agencies },
  { item: 'admin.audit', to: '/admin/audit', testId: 'nav-admin-audit', labelKey: 'nav.adminAudit', icon: icons.audit },
  { item: 'admin.settings', to: '/admin/settings', testId: 'nav-admin-settings', labelKey: 'nav.adminSettings', icon: icons.settings },
];
const personalNav: NavEntry[] = [{ item: 'account', to: '/account', testId: 'nav-account', labelKey: 'nav.account', icon: icons.account }];

function NavList({ entries }: { entries: NavEntry[] }) {
  const { t } = useTranslation();
  return (
    <ul className="nav-list">
      {entries.map((entry) => (
        <li key={entry.item}>
          <NavLink to={entry.to} end={entry.to === '/'} className="nav-link" data-testid={entry.testId}>
            {entry.icon}
            <span>{t(entry.labelKey)}</span>
          </NavLink>
        </li>
      ))}
    </ul>
  );
}

function UserMenu() {
  const { t } = useTranslation();
  const session = useSession();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const container = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    setOpen(false);
  }, [location.pathname]);
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: MouseEvent) => {
      if (container.current && !container.current.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener('mousedown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="user-menu" ref={container}>
      <button
        ref={button}
        type="button"
        className="user-menu-button"
        aria-expanded={open}
        aria-controls={menuId}
        data-testid="user-menu"
        onClick={() => {
          setOpen((value) => !value);
        }}
      >
        <span className="avatar" aria-hidden="true">
          {Array.from(session.user.displayName)[0] ?? '?'}
        </span>
        <span className="user-menu-name">{session.user.displayName}</span>
        {icons.chevronDown}
      </button>
      <div id={menuId} className="user-menu-panel" hidden={!open}>
        <p className="user-menu-identity">
          <strong>{session.user.displayName}</strong>
          <span>{session.user.email}</span>
          <span>{session.user.roles.map((role) => t(`roles.${role}`)).join(' · ')}</span>
        </p>
        <ul>
          <li>
            <Link to="/account" className="user-menu-item" data-testid="menu-account">
              {t('nav.account')}
            </Link>
          </li>
          <li>
            <button
              type="button"
              className="user-menu-item"
              data-testid="sign-out"
              onClick={() => {
                void signOut().finally(() => navigate('/login', { replace: true }));
              }}
            >
              {t('auth.signOut')}
            </button>
          </li>
        </ul>
      </div>
    </div>
  );
}

/** Header (product, agency, language, user), sidebar with the pages the session may open, and the page. */
export function AppShell() {
  const { t } = useTranslation();
  const session = useSession();
  const admin = adminNav.filter((entry) => mayOpen(session, entry.item));
  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        {t('common.skipToContent')}
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          <Logo />
          <span className="brand-name">{t('app.name')}</span>
        </Link>
        <span className="agency-chip" title={session.agency.name}>
          <span className="visually-hidden">{t('shell.agency')}: </span>
          {session.agency.shortName}
        </span>
        <span className="agency-name">{session.agency.name}</span>
        <div className="topbar-spacer" />
        <LanguageSwitch />
        <UserMenu />
      </header>
      <div className="shell-body">
        <nav className="sidebar" aria-label={t('nav.label')}>
          <NavList entries={mainNav.filter((entry) => mayOpen(session, entry.item))} />
          {admin.length > 0 ? (
            <>
              <h2 className="nav-heading">{t('nav.administration')}</h2>
              <NavList entries={admin} />
            </>
          ) : null}
          <h2 className="nav-heading">{t('nav.personal')}</h2>
          <NavList entries={personalNav.filter((entry) => mayOpen(session, entry.item))} />
          <p className="sidebar-footer">{t('app.tagline')}</p>
        </nav>
        <main id="main" className="main" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </div>
  );
}
