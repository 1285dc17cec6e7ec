import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../../lib/page.ts';
import { formatDateTime } from '../../lib/format.ts';
import { ErrorNotice } from '../../pages/ErrorNotice.tsx';
import { RequireSignIn } from '../../pages/RequireSignIn.tsx';
import { ButtonLink, EmptyState, PageHeader, Spinner } from '../../ui/index.ts';
import { useProcesses } from './programme.api.ts';

/** "/programm": every programme process with its phase. */
export function Component() {
  return <RequireSignIn>{(me) => <Processes admin={me.abilities.administerUnits} />}</RequireSignIn>;
}

function Processes({ admin }: { admin: boolean }) {
  const { t, i18n } = useTranslation();
  usePageTitle(t('programme.processes.title'));
  const processes = useProcesses();
  return (
    <>
      <PageHeader
        title={t('programme.processes.title')}
        lead={t('programme.processes.lead')}
        actions={admin ? <ButtonLink to="/programm/neu">{t('programme.processes.create')}</ButtonLink> : undefined}
      />
      {processes.isPending && <Spinner label={t('common.loading')} />}
      {processes.isError && <ErrorNotice error={processes.error} onRetry={() => void processes.refetch()} />}
      {processes.data?.items.length === 0 && <EmptyState title={t('programme.processes.empty')} />}
      <ul className="plain-list">
        {processes.data?.items.map((p) => (
          <li key={p.id} className="idea-card">
            <h2>
              <Link className="link" to={`/programm/${p.id}`}>
                {p.title}
              </Link>
            </h2>
            <p className="idea-card__meta">
              {t(`programme.phase.${p.phase}`)} · {t('programme.processes.ideaCount', { count: p.ideaCount })} ·{' '}
              {t('programme.processes.until', { date: formatDateTime(p.phases.amendmentsUntil, i18n.language) })}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
