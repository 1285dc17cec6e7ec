import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, useLocation, useNavigate } from 'react-router';
import type { Instance, Me } from '@rotes-netz/shared';
import { features } from '../features/registry.ts';
import { useMe, useSignOut } from '../lib/session.ts';
import { Button, ButtonLink, MenuButton, useToast } from '../ui/index.ts';

/** Brand, main navigation (collapsed into a menu button on small screens) and the account menu. */
export function Header({ instance }: { instance: Instance }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const { pathname, search } = useLocation();
  // The small-screen navigation closes by itself on the next page: it is open only at the path where it was opened.
  const [openAt, setOpenAt] = useState<string | null>(null);
  const navOpen = openAt === pathname;

  const items = [
    { to: '/', label: me ? t('nav.myParty') : t('nav.home'), end: true },
    ...(me ? [{ to: '/struktur', label: t('nav.structure'), end: false }] : []),
    ...(me?.abilities.readSentMail ? [{ to: '/admin/mails', label: t('nav.sentMail'), end: false }] : []),
    ...features.flatMap((feature) =>
      (feature.nav?.(me ?? undefined) ?? []).map((entry) => ({
        to: entry.to,
        label: t(entry.label),
        end: entry.end ?? false,
      })),
    ),
  ];

  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to="/" className="brand">
          <img className="brand__logo" src={instance.logoUrl} alt="" width={40} height={40} />
          <span className="brand__name">{instance.name}</span>
        </Link>
        <Button
          variant="quiet"
          className="nav-toggle"
          aria-expanded={navOpen}
          aria-controls="site-nav"
          onPress={() => setOpenAt(navOpen ? null : pathname)}
        >
          <span aria-hidden="true" className="nav-toggle__icon">
            ☰
          </span>
          {t('nav.menu')}
        </Button>
        <nav id="site-nav" aria-label={t('nav.label')} className="site-nav" data-open={navOpen}>
          <ul className="site-nav__list">
            {items.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end} className="site-nav__link">
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="site-header__account">
          {me ? (
            <>
              {features.map((feature, i) => (
                <Fragment key={i}>{feature.headerItems?.(me)}</Fragment>
              ))}
              <AccountMenu me={me} />
            </>
          ) : (
            pathname !== '/anmelden' && (
              <ButtonLink to={`/anmelden?next=${encodeURIComponent(pathname + search)}`} variant="primary">
                {t('nav.signIn')}
              </ButtonLink>
            )
          )}
        </div>
      </div>
    </header>
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
