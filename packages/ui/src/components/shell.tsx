import type { Viewer } from '@party/api';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { LanguageSwitch } from '../i18n/language-switch';
import { useUiT } from '../i18n/use-t';
import { signOutEverywhere } from '../lib/sign-in-flow';
import { Link, usePath } from '../router';

export interface NavItem {
  to: string;
  label: string;
}

/** A nav item is current on its own page and the pages below it (`/events/<id>`), not on `/eventsx`. */
function isCurrent(path: string, to: string): boolean {
  return to === '/' ? path === '/' : path === to || path.startsWith(`${to}/`);
}

/** The signed-in frame of both SPAs: brand, navigation, the person and sign-out. */
export function AppShell({
  title,
  nav,
  viewer,
  extra,
  children,
}: {
  title: string;
  nav: NavItem[];
  viewer: Viewer;
  extra?: ReactNode;
  children: ReactNode;
}) {
  const t = useUiT();
  const path = usePath();
  const queryClient = useQueryClient();
  const signOut = async () => {
    queryClient.clear();
    await signOutEverywhere();
  };
  return (
    <div className="shell">
      <header className="topbar">
        <Link to="/" className="brand">
          <span className="brand__mark" aria-hidden="true">
            ◉
          </span>
          <span className="brand__text">{title}</span>
        </Link>
        <nav className="nav" aria-label={t('shell.mainNav')}>
          {nav.map((item) => (
            <Link
              key={item.to}
              to={item.to}
              className="nav__link"
              aria-current={isCurrent(path, item.to) ? 'page' : undefined}
            >
              {item.label}
            </Link>
          ))}
          {extra}
        </nav>
        <div className="who">
          <span className="who__name" title={viewer.email}>
            <span className="who__label">{viewer.name}</span>
            {viewer.role === 'admin' && <span className="badge">{t('shell.adminBadge')}</span>}
          </span>
          <LanguageSwitch />
          <button type="button" className="button button--ghost who__sign-out" onClick={signOut}>
            {t('shell.signOut')}
          </button>
        </div>
      </header>
      <main className="content">{children}</main>
    </div>
  );
}

/** The frame of a guest's page (a share link): the brand and the language, nothing to navigate to. */
export function GuestShell({ children }: { children: ReactNode }) {
  const t = useUiT();
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">
          <span className="brand__mark" aria-hidden="true">
            ◉
          </span>
          {t('shell.brand')}
        </span>
        <div className="who">
          <LanguageSwitch />
        </div>
      </header>
      <main className="content">{children}</main>
    </div>
  );
}

/** Page frame for signed-out screens (login, sign-up, refusal). */
export function CenteredCard({ title, children }: { title: string; children: ReactNode }) {
  const t = useUiT();
  return (
    <div className="centered">
      <div className="card card--narrow">
        <div className="brand brand--large">
          <span className="brand__mark" aria-hidden="true">
            ◉
          </span>
          {t('shell.brand')}
        </div>
        <h1>{title}</h1>
        {children}
        <div className="centered__language">
          <LanguageSwitch />
        </div>
      </div>
    </div>
  );
}
