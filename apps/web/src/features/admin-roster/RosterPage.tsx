import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ROSTER_SECTIONS,
  type RosterApplied,
  type RosterChange,
  type RosterPreview,
  type RosterSectionName,
} from '@rotes-netz/shared';
import { ApiError, isStatus } from '../../api.ts';
import { usePageTitle } from '../../lib/page.ts';
import { NotFoundPage } from '../../pages/NotFoundPage.tsx';
import { RequireSignIn } from '../../pages/RequireSignIn.tsx';
import { Button, Card, Dialog, ErrorSummary, PageHeader, Spinner, TextLink } from '../../ui/index.ts';
import { ApplyConfirmation, DeparturesList } from './Departures.tsx';
import { useApplyRoster, useRosterSection, useUploadRoster } from './queries.ts';

/** "/admin/mitgliederliste": upload the roster, see the diff, apply it (LV admins only). */
export function Component() {
  return <RequireSignIn>{(me) => (me.abilities.administerUnits ? <RosterImport /> : <NotFoundPage />)}</RequireSignIn>;
}

function RosterImport() {
  const { t } = useTranslation();
  usePageTitle(t('admin-roster.roster.title'));
  const upload = useUploadRoster();
  const apply = useApplyRoster();
  const [preview, setPreview] = useState<RosterPreview | null>(null);
  const [applied, setApplied] = useState<RosterApplied | null>(null);
  const [confirming, setConfirming] = useState(false);
  const inputId = useId();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get('roster');
    if (!(file instanceof File) || file.size === 0) return;
    setApplied(null);
    apply.reset();
    upload.mutate(file, { onSuccess: setPreview });
  };
  const uploadError = upload.error instanceof ApiError ? upload.error.problem : null;

  return (
    <>
      <PageHeader title={t('admin-roster.roster.title')} lead={t('admin-roster.roster.lead')} />
      <p>
        <TextLink to="/admin/mitglieder">{t('admin-roster.members.title')}</TextLink>
      </p>
      <form className="form" onSubmit={submit} aria-describedby={uploadError ? `${inputId}-error` : undefined}>
        {uploadError && (
          <ErrorSummary id={`${inputId}-error`} title={uploadError.title}>
            <ul>
              {(uploadError.errors ?? []).map((e) => (
                <li key={e.path}>
                  {e.path.startsWith('/line/')
                    ? t('admin-roster.roster.fileError', { line: e.path.slice(6), message: e.message })
                    : e.message}
                </li>
              ))}
            </ul>
          </ErrorSummary>
        )}
        <div className="field">
          <label className="field__label" htmlFor={inputId}>
            {t('admin-roster.roster.file')}
          </label>
          <span className="field__description" id={`${inputId}-hint`}>
            {t('admin-roster.roster.fileHint')}
          </span>
          <input
            id={inputId}
            name="roster"
            type="file"
            accept=".csv,text/csv"
            required
            className="field__input"
            aria-describedby={`${inputId}-hint`}
          />
        </div>
        <div>
          <Button type="submit" variant="primary" isPending={upload.isPending}>
            {t('admin-roster.roster.preview')}
          </Button>
        </div>
      </form>

      {applied && (
        <div role="status">
          <Card title={t('admin-roster.roster.appliedTitle')}>
            <p>{t('admin-roster.roster.appliedText', applied.applied)}</p>
          </Card>
        </div>
      )}

      {preview && !applied && (
        <section aria-labelledby="roster-preview-title">
          <h2 id="roster-preview-title">{t('admin-roster.roster.previewTitle', { file: preview.fileName })}</h2>
          <div role="status">
            <p>{t('admin-roster.roster.rows', { count: preview.summary.rows })}</p>
            {preview.summary.encoding === 'windows-1252' && <p>{t('admin-roster.roster.latin1')}</p>}
          </div>
          <dl className="details details--compact">
            {[...ROSTER_SECTIONS, 'unchanged' as const].map((key) => (
              <div key={key}>
                <dt>{t(`admin-roster.sections.${key}`)}</dt>
                <dd>{preview.summary[key]}</dd>
              </div>
            ))}
          </dl>
          <DeparturesList departures={preview.departures} total={preview.summary.left} />
          {apply.error && (
            <ErrorSummary title={apply.error instanceof ApiError ? apply.error.problem.title : apply.error.message}>
              {isStatus(apply.error, 409) && <p>{t('admin-roster.roster.uploadAgain')}</p>}
            </ErrorSummary>
          )}
          <p>
            <Button variant="primary" onPress={() => setConfirming(true)}>
              {t('admin-roster.roster.apply')}
            </Button>
          </p>
          {ROSTER_SECTIONS.filter((s) => preview.summary[s] > 0).map((section) => (
            <ChangeTable key={section} id={preview.id} section={section} count={preview.summary[section]} />
          ))}
          <Dialog title={t('admin-roster.roster.confirmTitle')} isOpen={confirming} onOpenChange={setConfirming}>
            <p>{t('admin-roster.roster.confirmText', preview.summary)}</p>
            <ApplyConfirmation
              preview={preview}
              isPending={apply.isPending}
              onConfirm={(body) =>
                apply.mutate(
                  { id: preview.id, body },
                  {
                    onSuccess: (result) => {
                      setApplied(result);
                      setPreview(null);
                    },
                    onSettled: () => setConfirming(false),
                  },
                )
              }
            />
          </Dialog>
        </section>
      )}
    </>
  );
}

function ChangeTable({ id, section, count }: { id: number; section: RosterSectionName; count: number }) {
  const { t } = useTranslation();
  const rows = useRosterSection(id, section);
  const items = rows.data?.pages.flatMap((p) => p.items) ?? [];
  const headingId = `roster-${section}`;
  const cell = (item: RosterChange) =>
    section === 'errors'
      ? t(`admin-roster.reasons.${item.reason ?? 'missing_value'}`, { detail: item.detail ?? '' })
      : section === 'moved'
        ? t('admin-roster.roster.movedFrom', { from: item.fromUnit?.code ?? '', to: item.unit?.code ?? '' })
        : section === 'changed'
          ? item.changes.map((c) => t(`admin-roster.fields.${c}`)).join(', ')
          : (item.unit?.name ?? '');
  return (
    <section aria-labelledby={headingId}>
      <h3 id={headingId}>
        {t(`admin-roster.sections.${section}`)} ({count})
      </h3>
      {rows.isPending && <Spinner label={t('common.loading')} />}
      {items.length > 0 && (
        <table className="data-table">
          <caption className="visually-hidden">{t(`admin-roster.sections.${section}`)}</caption>
          <thead>
            <tr>
              {section === 'errors' && <th scope="col">{t('admin-roster.columns.line')}</th>}
              <th scope="col">{t('admin-roster.columns.number')}</th>
              {section !== 'errors' && <th scope="col">{t('admin-roster.columns.name')}</th>}
              <th scope="col">{t(`admin-roster.columns.${section}`)}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item, index) => (
              <tr key={`${item.memberNumber ?? ''}-${item.line ?? index}`}>
                {section === 'errors' && <td data-label={t('admin-roster.columns.line')}>{item.line}</td>}
                <td data-label={t('admin-roster.columns.number')}>{item.memberNumber ?? '–'}</td>
                {section !== 'errors' && <td data-label={t('admin-roster.columns.name')}>{item.name}</td>}
                <td data-label={t(`admin-roster.columns.${section}`)}>{cell(item)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows.hasNextPage && (
        <div className="load-more">
          <Button isPending={rows.isFetchingNextPage} onPress={() => void rows.fetchNextPage()}>
            {t('admin-roster.loadMore')}
          </Button>
        </div>
      )}
    </section>
  );
}
