import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SECRET_MAIL_KINDS, type SentMail } from '@rotes-netz/shared';
import { isStatus } from '../api.ts';
import { formatDateTime } from '../lib/format.ts';
import { useSendTestMail, useSentMail } from '../lib/mails.ts';
import { usePageTitle } from '../lib/page.ts';
import { Button, Dialog, EmptyState, PageHeader, Spinner, useToast } from '../ui/index.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { RequireSignIn } from './RequireSignIn.tsx';

/**
 * "/admin/mails": the outbox for LV admins — metadata of every mail, the text only of harmless
 * kinds (the API withholds links, codes and meeting data); everyone else sees "not found".
 */
export function Component() {
  return <RequireSignIn>{(me) => (me.abilities.readSentMail ? <SentMailList /> : <NotFoundPage />)}</RequireSignIn>;
}

function SentMailList() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('mails.title'));
  const toast = useToast();
  const mails = useSentMail(true);
  const sendTest = useSendTestMail();
  const [open, setOpen] = useState<SentMail | null>(null);

  if (isStatus(mails.error, 404)) return <NotFoundPage />;
  const items = mails.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader
        title={t('mails.title')}
        lead={t('mails.lead')}
        actions={
          <Button
            variant="primary"
            isPending={sendTest.isPending}
            onPress={() =>
              sendTest.mutate(undefined, {
                onSuccess: () => toast(t('mails.testQueued'), 'success'),
                onError: (error) => toast(error.message, 'error'),
              })
            }
          >
            {t('mails.sendTest')}
          </Button>
        }
      />
      {mails.isPending && <Spinner label={t('common.loading')} />}
      {mails.isError && <ErrorNotice error={mails.error} onRetry={() => void mails.refetch()} />}
      {mails.data &&
        (items.length === 0 ? (
          <EmptyState title={t('mails.empty')} />
        ) : (
          <table className="data-table">
            <caption className="visually-hidden">{t('mails.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('mails.subject')}</th>
                <th scope="col">{t('mails.to')}</th>
                <th scope="col">{t('mails.kind')}</th>
                <th scope="col">{t('mails.status')}</th>
                <th scope="col">{t('mails.time')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((mail) => (
                <tr key={mail.id}>
                  <td data-label={t('mails.subject')}>
                    <Button variant="quiet" className="link-button" onPress={() => setOpen(mail)}>
                      {mail.subject}
                    </Button>
                  </td>
                  <td data-label={t('mails.to')} className="break">
                    {mail.to}
                  </td>
                  <td data-label={t('mails.kind')}>{t(`mails.kinds.${mail.kind}`)}</td>
                  <td data-label={t('mails.status')}>
                    <span className={`badge badge--${mail.status}`}>{t(`mails.statuses.${mail.status}`)}</span>
                  </td>
                  <td data-label={t('mails.time')}>
                    <time dateTime={mail.sentAt ?? mail.createdAt}>
                      {formatDateTime(mail.sentAt ?? mail.createdAt, i18n.language)}
                    </time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      {mails.hasNextPage && (
        <div className="load-more">
          <Button isPending={mails.isFetchingNextPage} onPress={() => void mails.fetchNextPage()}>
            {t('mails.loadMore')}
          </Button>
        </div>
      )}
      <Dialog title={open?.subject ?? ''} isOpen={open !== null} onOpenChange={(isOpen) => !isOpen && setOpen(null)}>
        {open && (
          <>
            <dl className="details details--compact">
              <div>
                <dt>{t('mails.to')}</dt>
                <dd className="break">{open.to}</dd>
              </div>
              <div>
                <dt>{t('mails.kind')}</dt>
                <dd>{t(`mails.kinds.${open.kind}`)}</dd>
              </div>
              <div>
                <dt>{t('mails.status')}</dt>
                <dd>{t(`mails.statuses.${open.status}`)}</dd>
              </div>
            </dl>
            {/* Only the plain-text part is shown: mail HTML never enters this page. */}
            <h3 className="visually-hidden">{t('mails.body')}</h3>
            {open.text === null ? (
              <p className="mail-withheld">
                {SECRET_MAIL_KINDS.has(open.kind) ? t('mails.withheld') : t('mails.erased')}
              </p>
            ) : (
              <pre className="mail-text">{open.text}</pre>
            )}
          </>
        )}
      </Dialog>
    </>
  );
}
