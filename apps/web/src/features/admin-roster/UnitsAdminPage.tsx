import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Input, Label, SearchField } from 'react-aria-components';
import { usePageTitle } from '../../lib/page.ts';
import { searchQuery } from '../../lib/units.ts';
import { ErrorNotice } from '../../pages/ErrorNotice.tsx';
import { NotFoundPage } from '../../pages/NotFoundPage.tsx';
import { RequireSignIn } from '../../pages/RequireSignIn.tsx';
import { EmptyState, PageHeader, Spinner, TextLink } from '../../ui/index.ts';

/** "/admin/struktur": find a unit to edit (LV admins only); browsing stays at /struktur. */
export function Component() {
  return <RequireSignIn>{(me) => (me.abilities.administerUnits ? <UnitsAdmin /> : <NotFoundPage />)}</RequireSignIn>;
}

function UnitsAdmin() {
  const { t } = useTranslation();
  usePageTitle(t('admin-roster.units.title'));
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);
  const results = useQuery({ ...searchQuery(q), enabled: q !== '' });

  return (
    <>
      <PageHeader title={t('admin-roster.units.title')} lead={t('admin-roster.units.lead')} />
      <p>
        <TextLink to="/struktur">{t('admin-roster.units.browse')}</TextLink>
      </p>
      <div role="search" className="search-box">
        <SearchField value={text} onChange={setText} className="field">
          <Label className="field__label">{t('admin-roster.units.search')}</Label>
          <Input className="field__input" />
        </SearchField>
      </div>
      {q !== '' && results.isPending && <Spinner label={t('common.loading')} />}
      {results.isError && <ErrorNotice error={results.error} />}
      {results.data &&
        (results.data.items.length === 0 ? (
          <EmptyState title={t('admin-roster.units.none')} />
        ) : (
          <ul className="unit-list">
            {results.data.items.map((unit) => (
              <li key={unit.id}>
                <TextLink to={`/admin/struktur/${unit.id}`}>
                  {unit.name} ({unit.code})
                </TextLink>
              </li>
            ))}
          </ul>
        ))}
    </>
  );
}
