import { useEffect, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Input, Label, SearchField, Text } from 'react-aria-components';
import { useSearchParams } from 'react-router';
import { usePageTitle } from '../lib/page.ts';
import { rootsQuery, searchQuery } from '../lib/units.ts';
import { EmptyState, PageHeader, Spinner } from '../ui/index.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { RequireSignIn } from './RequireSignIn.tsx';
import { UnitLine, UnitTree } from './UnitTree.tsx';

const DEBOUNCE_MS = 300;

/** Waits until the value has been still for `ms` before passing it on. */
function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** "/struktur": the party's tree from its roots, and a search over all units (members only). */
export function Component() {
  return <RequireSignIn>{() => <Structure />}</RequireSignIn>;
}

function Structure() {
  const { t } = useTranslation();
  usePageTitle(t('structure.title'));
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const q = useDebounced(text.trim(), DEBOUNCE_MS);

  useEffect(() => {
    setParams(q ? { q } : {}, { replace: true });
  }, [q, setParams]);

  const roots = useQuery({ ...rootsQuery(), enabled: q === '' });
  const results = useQuery({ ...searchQuery(q), enabled: q !== '', placeholderData: keepPreviousData });

  return (
    <>
      <PageHeader title={t('structure.title')} lead={t('structure.lead')} />
      <div role="search" className="search-box">
        <SearchField value={text} onChange={setText} className="field">
          <Label className="field__label">{t('structure.search.label')}</Label>
          <Text slot="description" className="field__description">
            {t('structure.search.hint')}
          </Text>
          <Input className="field__input" />
        </SearchField>
      </div>
      {q !== '' ? (
        <section aria-labelledby="search-results-title">
          <h2 id="search-results-title">{t('structure.search.results')}</h2>
          <div role="status" className="visually-hidden">
            {results.data ? t('structure.search.count', { count: results.data.items.length }) : ''}
          </div>
          {results.isPending && <Spinner label={t('common.loading')} />}
          {results.isError && <ErrorNotice error={results.error} />}
          {results.data &&
            (results.data.items.length === 0 ? (
              <EmptyState title={t('structure.search.none', { q })} />
            ) : (
              <ul className="unit-list">
                {results.data.items.map((unit) => (
                  <li key={unit.id}>
                    <UnitLine unit={unit} />
                  </li>
                ))}
              </ul>
            ))}
        </section>
      ) : (
        <section aria-labelledby="tree-title">
          <h2 id="tree-title">{t('structure.tree')}</h2>
          {roots.isPending && <Spinner label={t('common.loading')} />}
          {roots.isError && <ErrorNotice error={roots.error} onRetry={() => void roots.refetch()} />}
          {roots.data &&
            (roots.data.items.length === 0 ? (
              <EmptyState title={t('structure.empty')} />
            ) : (
              <UnitTree units={roots.data.items} />
            ))}
        </section>
      )}
    </>
  );
}
