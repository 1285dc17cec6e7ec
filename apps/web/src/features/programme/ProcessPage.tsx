import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { IDEA_STATUSES, type Process } from '@rotes-netz/shared';
import { isStatus } from '../../api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { usePageTitle } from '../../lib/page.ts';
import { ErrorNotice } from '../../pages/ErrorNotice.tsx';
import { NotFoundPage } from '../../pages/NotFoundPage.tsx';
import { RequireSignIn } from '../../pages/RequireSignIn.tsx';
import {
  Button,
  ButtonLink,
  Card,
  ErrorSummary,
  fieldErrors,
  Form,
  PageHeader,
  Spinner,
  useToast,
} from '../../ui/index.ts';
import { useProcess, useUpdateProcess } from './programme.api.ts';
import { datesOf, inputsOf, PhaseFields } from './phases.tsx';

/** "/programm/:id": a process's phases, chapters with their progress, and where to go next. */
export function Component() {
  return <RequireSignIn>{() => <ProcessOverview />}</RequireSignIn>;
}

const PHASES = [
  ['ideas', 'ideasFrom', 'ideasUntil'],
  ['draft', 'draftFrom', 'draftUntil'],
  ['amendments', 'amendmentsFrom', 'amendmentsUntil'],
] as const;

function ProcessOverview() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const process = useProcess(id);
  usePageTitle(process.data?.title ?? t('programme.processes.title'));
  if (isStatus(process.error, 404) || isStatus(process.error, 422)) return <NotFoundPage />;
  if (process.isPending) return <Spinner label={t('common.loading')} />;
  if (process.isError) return <ErrorNotice error={process.error} onRetry={() => void process.refetch()} />;
  const p = process.data;
  const date = (iso: string) => formatDateTime(iso, i18n.language);
  return (
    <>
      <PageHeader
        title={p.title}
        lead={t('programme.process.now', { phase: t(`programme.phase.${p.phase}`) })}
        actions={
          <>
            {p.permissions.submitIdea && (
              <ButtonLink to={`/programm/${id}/ideen/neu`}>{t('programme.ideas.submit')}</ButtonLink>
            )}
            {p.permissions.commission && (
              <ButtonLink variant="secondary" to={`/programm/${id}/kommission`}>
                {t('programme.commission.title')}
              </ButtonLink>
            )}
          </>
        }
      />
      {/* Rendered by the server from Markdown without raw HTML (markdown-it, html: false). */}
      <div className="prose" dangerouslySetInnerHTML={{ __html: p.descriptionHtml }} />
      <nav aria-label={t('programme.process.sections')}>
        <ul className="plain-list feature-grid">
          <li>
            <Link className="link" to={`/programm/${id}/ideen`}>
              {t('programme.process.ideasLink', { count: Object.values(p.ideas).reduce((a, b) => a + b, 0) })}
            </Link>
          </li>
          <li>
            {p.currentDraft ? (
              <Link className="link" to={`/programm/${id}/entwurf`}>
                {t('programme.process.draftLink', { version: p.currentDraft.version })}
              </Link>
            ) : (
              t('programme.process.noDraft')
            )}
          </li>
          <li>
            <Link className="link" to={`/programm/${id}/antraege`}>
              {t('programme.process.amendmentsLink', { count: p.amendmentCount })}
            </Link>
          </li>
        </ul>
      </nav>
      <Card title={t('programme.process.phases')}>
        <ol className="phase-list">
          {PHASES.map(([phase, from, until]) => (
            <li key={phase} className="phase-list__item" aria-current={p.phase === phase ? 'step' : undefined}>
              <strong>{t(`programme.phase.${phase}`)}</strong>
              {p.phase === phase && <> ({t('programme.process.current')})</>}: {date(p.phases[from])} –{' '}
              {date(p.phases[until])}
            </li>
          ))}
        </ol>
      </Card>
      <Card title={t('programme.process.progress')}>
        <ChapterTable process={p} />
      </Card>
      {p.permissions.administer && <PhaseEditor process={p} />}
    </>
  );
}

function ChapterTable({ process }: { process: Process }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="data-table counts-table">
        <caption className="visually-hidden">{t('programme.process.progress')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('programme.process.chapter')}</th>
            {IDEA_STATUSES.map((s) => (
              <th scope="col" key={s}>
                {t(`programme.status.${s}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {process.chapters.map((c) => (
            <tr key={c.id}>
              <th scope="row">
                {c.title}
                {c.owner && <span className="idea-card__meta"> ({c.owner.displayName})</span>}
              </th>
              {IDEA_STATUSES.map((s) => (
                <td key={s} data-label={t(`programme.status.${s}`)}>
                  {c.ideas[s]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PhaseEditor({ process }: { process: Process }) {
  const { t } = useTranslation();
  const toast = useToast();
  const update = useUpdateProcess(String(process.id));
  const [phases, setPhases] = useState(() => inputsOf(process.phases));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      { phases: datesOf(phases) },
      { onSuccess: () => toast(t('programme.process.phasesSaved'), 'success') },
    );
  };
  return (
    <Card title={t('programme.process.editPhases')}>
      <Form onSubmit={submit}>
        {update.error && <ErrorSummary title={update.error.message} />}
        <PhaseFields value={phases} onChange={setPhases} errors={fieldErrors(update.error)} />
        <Button type="submit" isPending={update.isPending}>
          {t('programme.process.savePhases')}
        </Button>
      </Form>
    </Card>
  );
}
