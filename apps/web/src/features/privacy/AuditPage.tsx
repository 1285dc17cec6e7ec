import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isStatus } from '../../api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { usePageTitle } from '../../lib/page.ts';
import { ErrorNotice } from '../../pages/ErrorNotice.tsx';
import { NotFoundPage } from '../../pages/NotFoundPage.tsx';
import { RequireSignIn } from '../../pages/RequireSignIn.tsx';
import { Button, EmptyState, PageHeader, Spinner } from '../../ui/index.ts';
import { useAudit, type AuditFilter } from './privacy.api.ts';

/** "/admin/protokoll": the audit log for LV admins; everyone else sees "not found", as the API answers. */
export function Component() {
  return <RequireSignIn>{(me) => (me.abilities.readSentMail ? <AuditLog /> : <NotFoundPage />)}</RequireSignIn>;
}

/** Action names hold dots, which i18next reads as nesting; the strings use underscores. */
const actionKey = (action: string) => `privacy.actions.${action.replace(/\./g, '_')}`;

function AuditLog() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('privacy.audit.title'));
  const [filter, setFilter] = useState<AuditFilter>({});
  const [draft, setDraft] = useState<AuditFilter>({});
  const log = useAudit(filter);
  if (isStatus(log.error, 404)) return <NotFoundPage />;
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  const actions = log.data?.pages[0]?.actions ?? [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilter(draft);
  };

  return (
    <>
      <PageHeader title={t('privacy.audit.title')} lead={t('privacy.audit.lead')} />
      <form className="form audit-filter" onSubmit={submit} aria-label={t('privacy.audit.filter')}>
        <div className="field">
          <label className="field__label" htmlFor="audit-action">
            {t('privacy.audit.action')}
          </label>
          <select
            id="audit-action"
            className="field__input"
            value={draft.action ?? ''}
            onChange={(e) => setDraft({ ...draft, action: e.target.value || undefined })}
          >
            <option value="">{t('privacy.audit.allActions')}</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {t(actionKey(a), { defaultValue: a })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="audit-from">
            {t('privacy.audit.from')}
          </label>
          <input
            id="audit-from"
            className="field__input"
            type="date"
            value={draft.from ?? ''}
            onChange={(e) => setDraft({ ...draft, from: e.target.value || undefined })}
          />
        </div>
        <div className="field">
          <label className="field__label" htmlFor="audit-to">
            {t('privacy.audit.to')}
          </label>
          <input
            id="audit-to"
            className="field__input"
            type="date"
            value={draft.to ?? ''}
            onChange={(e) => setDraft({ ...draft, to: e.target.value || undefined })}
          />
        </div>
        <div>
          <Button type="submit" variant="primary">
            {t('privacy.audit.apply')}
          </Button>
        </div>
      </form>
      {log.isPending && <Spinner label={t('common.loading')} />}
      {log.isError && <ErrorNotice error={log.error} onRetry={() => void log.refetch()} />}
      {log.data &&
        (items.length === 0 ? (
          <EmptyState title={t('privacy.audit.empty')} />
        ) : (
          <table className="data-table">
            <caption className="visually-hidden">{t('privacy.audit.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('privacy.audit.time')}</th>
                <th scope="col">{t('privacy.audit.action')}</th>
                <th scope="col">{t('privacy.audit.actor')}</th>
                <th scope="col">{t('privacy.audit.subject')}</th>
                <th scope="col">{t('privacy.audit.ip')}</th>
                <th scope="col">{t('privacy.audit.details')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((entry) => (
                <tr key={entry.id}>
                  <td data-label={t('privacy.audit.time')}>
                    <time dateTime={entry.at}>{formatDateTime(entry.at, i18n.language)}</time>
                  </td>
                  <td data-label={t('privacy.audit.action')}>
                    {t(actionKey(entry.action), { defaultValue: entry.action })}
                  </td>
                  <td data-label={t('privacy.audit.actor')}>{entry.actor?.name ?? '–'}</td>
                  <td data-label={t('privacy.audit.subject')}>{entry.subject?.name ?? '–'}</td>
                  <td data-label={t('privacy.audit.ip')}>{entry.ipPrefix ?? '–'}</td>
                  <td data-label={t('privacy.audit.details')} className="break">
                    {entry.data
                      ? Object.entries(entry.data)
                          .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
                          .join(', ')
                      : '–'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      {log.hasNextPage && (
        <div className="load-more">
          <Button isPending={log.isFetchingNextPage} onPress={() => void log.fetchNextPage()}>
            {t('privacy.audit.loadMore')}
          </Button>
        </div>
      )}
    </>
  );
}
