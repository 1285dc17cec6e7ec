import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Unit } from '@rotes-netz/shared';
import { isStatus } from '../api.ts';
import { usePageTitle } from '../lib/page.ts';
import { ancestryQuery, childrenQuery, unitQuery } from '../lib/units.ts';
import { Card, EmptyState, PageHeader, Spinner } from '../ui/index.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { RequireSignIn } from './RequireSignIn.tsx';
import { UnitLine } from './UnitTree.tsx';

function Breadcrumb({ trail, current }: { trail: Unit[]; current: Unit }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('structure.breadcrumb')} className="breadcrumb">
      <ol>
        <li>
          <Link to="/struktur">{t('structure.title')}</Link>
        </li>
        {trail.map((unit) => (
          <li key={unit.id}>
            <Link to={`/struktur/${unit.id}`}>{unit.name}</Link>
          </li>
        ))}
        <li>
          <span aria-current="page">{current.name}</span>
        </li>
      </ol>
    </nav>
  );
}

/** "/struktur/:id": one unit with its place in the tree and the units below it (members only). */
export function Component() {
  return <RequireSignIn>{() => <UnitDetail />}</RequireSignIn>;
}

function UnitDetail() {
  const { t } = useTranslation();
  const { id: raw } = useParams();
  const id = /^[1-9][0-9]{0,15}$/.test(raw ?? '') ? Number(raw) : 0;
  const unit = useQuery({ ...unitQuery(id), enabled: id > 0 });
  const ancestry = useQuery({ ...ancestryQuery(id), enabled: id > 0 });
  usePageTitle(unit.data ? unit.data.name : t('structure.unit'));

  if (id === 0 || isStatus(unit.error, 404)) return <NotFoundPage />;
  const current = unit.data;
  // Ancestry is root first; whether it includes the unit itself, the breadcrumb ends with it once.
  const trail = (ancestry.data?.items ?? []).filter((u) => u.id !== id);

  // One shape for loading and loaded, so that the focused heading stays the same element.
  return (
    <>
      {current && ancestry.data ? <Breadcrumb trail={trail} current={current} /> : null}
      <PageHeader
        title={current?.name ?? t('structure.unit')}
        lead={current ? t(`unitTypes.${current.type}`) : undefined}
      />
      {unit.isError ? (
        <ErrorNotice error={unit.error} onRetry={() => void unit.refetch()} />
      ) : !current ? (
        <Spinner label={t('common.loading')} />
      ) : (
        <UnitBody current={current} trail={trail} />
      )}
    </>
  );
}

function UnitBody({ current, trail }: { current: Unit; trail: Unit[] }) {
  const { t } = useTranslation();
  const children = useQuery({ ...childrenQuery(current.id), enabled: current.childCount > 0 });
  return (
    <>
      <Card title={t('structure.details')}>
        <dl className="details">
          <div>
            <dt>{t('structure.type')}</dt>
            <dd>{t(`unitTypes.${current.type}`)}</dd>
          </div>
          <div>
            <dt>{t('structure.code')}</dt>
            <dd>{current.code}</dd>
          </div>
          {trail.length > 0 && (
            <div>
              <dt>{t('structure.parent')}</dt>
              <dd>
                <Link to={`/struktur/${trail[trail.length - 1]!.id}`}>{trail[trail.length - 1]!.name}</Link>
              </dd>
            </div>
          )}
        </dl>
      </Card>
      <section aria-labelledby="children-title" className="card">
        <h2 id="children-title" className="card__title">
          {t('structure.childrenTitle')}
        </h2>
        {current.childCount === 0 ? (
          <EmptyState title={t('structure.noChildren')} />
        ) : children.isError ? (
          <ErrorNotice error={children.error} onRetry={() => void children.refetch()} />
        ) : !children.data ? (
          <Spinner label={t('common.loading')} />
        ) : (
          <ul className="unit-list">
            {children.data.items.map((child) => (
              <li key={child.id}>
                <UnitLine unit={child} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
