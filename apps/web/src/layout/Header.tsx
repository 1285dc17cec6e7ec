import { Fragment, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, matchPath, useLocation, useNavigate } from 'react-router';
import { Button as AriaButton, Menu, MenuItem, MenuTrigger, Popover } from 'react-aria-components';
import type { Instance, Me } from '@rotes-netz/shared';
import { features } from '../features/registry.ts';
import { useMe, useSignOut } from '../lib/session.ts';
import { ButtonLink, MenuButton, useToast } from '../ui/index.ts';

interface Item {
  to: string;
  label: string;
  end: boolean;
}

/**
 * Brand, main navigation and the account menu. On small screens the header is one row — brand,
 * bell, menu button — and everything else opens below it from the button (a disclosure: it says
 * whether it is open, takes the focus to its first link, closes with Escape and on the next page).
 * Administration pages gather under "Verwaltung": a menu on wide screens, a group in the small one.
 */
export function Header({ instance }: { instance: Instance }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const { pathname, search } = useLocation();
  // The small-screen menu closes by itself on the next page: it is open only at the path where it was opened.
  const [openAt, setOpenAt] = useState<string | null>(null);
  const menuOpen = openAt === pathname;
  const toggle = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  const entries = [
    { to: '/', label: me ? 'nav.myParty' : 'nav.home', end: true },
    ...(me ? [{ to: '/struktur', label: 'nav.structure' }] : []),
    ...(me?.abilities.readSentMail ? [{ to: '/admin/mails', label: 'nav.sentMail', group: 'admin' as const }] : []),
    ...features.flatMap((feature) => feature.nav?.(me ?? undefined) ?? []),
  ];
  const toItem = (e: (typeof entries)[number]): Item => ({ to: e.to, label: t(e.label), end: e.end ?? false });
  const items = entries.filter((e) => !('group' in e && e.group === 'admin')).map(toItem);
  const admin = entries.filter((e) => 'group' in e && e.group === 'admin').map(toItem);

  // Opening moves the focus into the menu, to its first link.
  useEffect(() => {
    if (menuOpen) panel.current?.querySelector<HTMLElement>('a, button')?.focus();
  }, [menuOpen]);

  const close = () => {
    setOpenAt(null);
    toggle.current?.focus();
  };

  // Escape anywhere in the open menu closes it (React Aria's own menus handle their Escape first).
  useEffect(() => {
    const el = panel.current;
    if (!el || !menuOpen) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      e.preventDefault();
      setOpenAt(null);
      toggle.current?.focus();
    };
    el.addEventListener('keydown', onKey);
    return () => el.removeEventListener('keydown', onKey);
  }, [menuOpen]);

  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to="/" className="brand">
          <img className="brand__logo" src={instance.logoUrl} alt="" width={40} height={40} />
          <span className="brand__name brand__name--long">{instance.name}</span>
          <span className="brand__name brand__name--short">{instance.shortName}</span>
        </Link>
        {me && (
          <div className="site-header__items">
            {features.map((feature, i) => (
              <Fragment key={i}>{feature.headerItems?.(me)}</Fragment>
            ))}
          </div>
        )}
        <AriaButton
          ref={toggle}
          className="button button--quiet nav-toggle"
          aria-expanded={menuOpen}
          aria-controls="site-menu"
          onPress={() => setOpenAt(menuOpen ? null : pathname)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && menuOpen) close();
          }}
        >
          <svg className="nav-toggle__icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
            <path
              d={menuOpen ? 'M6 6l12 12M18 6L6 18' : 'M4 7h16M4 12h16M4 17h16'}
              stroke="currentColor"
              strokeWidth="2"
              strokeLinecap="round"
            />
          </svg>
          {t('nav.menu')}
        </AriaButton>
        <div id="site-menu" ref={panel} className="site-menu" data-open={menuOpen}>
          <nav aria-label={t('nav.label')} className="site-nav">
            <ul className="site-nav__list">
              <NavItems items={items} />
              {admin.length > 0 && (
                <li className="site-nav__admin">
                  <AdminMenu items={admin} />
                  <AdminGroup items={admin} />
                </li>
              )}
            </ul>
          </nav>
          <div className="site-header__account">
            {me ? (
              <AccountMenu me={me} />
            ) : (
              pathname !== '/anmelden' && (
                <ButtonLink to={`/anmelden?next=${encodeURIComponent(pathname + search)}`} variant="primary">
                  {t('nav.signIn')}
                </ButtonLink>
              )
            )}
          </div>
        </div>
      </div>
    </header>
  );
}

/** The entries of a navigation list. */
function NavItems({ items }: { items: Item[] }) {
  return items.map((item) => (
    <li key={item.to}>
      <NavLink to={item.to} end={item.end} className="site-nav__link">
        {item.label}
      </NavLink>
    </li>
  ));
}

/** Wide screens: "Verwaltung ▾", a menu of links, marked when one of its pages is open. */
function AdminMenu({ items }: { items: Item[] }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const current = items.some((item) => matchPath({ path: item.to, end: false }, pathname));
  return (
    <MenuTrigger>
      <AriaButton className="site-nav__link site-nav__menu-button" data-current={current || undefined}>
        {t('nav.admin')}
        <span aria-hidden="true" className="menu-button__caret">
          ▾
        </span>
      </AriaButton>
      <Popover className="popover" placement="bottom start">
        <Menu className="menu" aria-label={t('nav.admin')}>
          {items.map((item) => (
            <MenuItem key={item.to} id={item.to} href={item.to} className="menu__item" textValue={item.label}>
              {item.label}
            </MenuItem>
          ))}
        </Menu>
      </Popover>
    </MenuTrigger>
  );
}

/** Small screens: the same pages as a labelled group of links in the opened menu. */
function AdminGroup({ items }: { items: Item[] }) {
  const { t } = useTranslation();
  return (
    <div className="site-nav__group">
      <p className="site-nav__group-title" id="site-nav-admin">
        {t('nav.admin')}
      </p>
      <ul className="site-nav__list" aria-labelledby="site-nav-admin">
        <NavItems items={items} />
      </ul>
    </div>
  );
}

function AccountMenu({ me }: { me: Me }) {
  const name = me.displayName;
  const extra = features.flatMap((feature) => feature.accountMenu?.(me) ?? []);
  const { t } = useTranslation();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const toast = useToast();
  return (
    <MenuButton
      label={<span className="account__name">{name}</span>}
      ariaLabel={t('nav.accountMenu', { name })}
      items={[
        ...extra.map((entry) => ({ id: entry.to, label: t(entry.label) })),
        { id: 'sign-out', label: t('nav.signOut') },
      ]}
      onAction={(id) => {
        if (id !== 'sign-out') {
          void navigate(id);
          return;
        }
        signOut.mutate(undefined, {
          onSuccess: () => {
            toast(t('auth.signedOut'), 'success');
            void navigate('/');
          },
          onError: (error) => toast(error.message, 'error'),
        });
      }}
    />
  );
}
