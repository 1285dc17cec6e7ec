import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorNotice } from '../../pages/ErrorNotice.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { usePageTitle } from '../../lib/page.ts';
import { Button, EmptyState, PageHeader, Spinner, useToast } from '../../ui/index.ts';
import { useMarkRead, useNotifications, type NotificationItem } from './notifications.api.ts';

/** Where a notification leads: the server's path in this app (only ever a same-site path). */
function target(item: NotificationItem): string | null {
  return item.url.startsWith('/') && !item.url.startsWith('//') ? item.url : null;
}

/** The list of notifications, newest first, with "mark all read". */
export function Component() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('notifications.title'));
  const toast = useToast();
  const list = useNotifications();
  const markRead = useMarkRead();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = list.data?.pages[0]?.unread ?? 0;

  const describe = (item: NotificationItem) =>
    t(`notifications.type.${item.kind}`, {
      actor: item.actor?.displayName ?? t('notifications.someone'),
      thread: item.thread.title,
      room: item.room.name,
    });

  return (
    <>
      <PageHeader
        title={t('notifications.title')}
        lead={unread > 0 ? t('notifications.unreadLead', { count: unread }) : t('notifications.allReadLead')}
        actions={
          unread > 0 && (
            <Button
              variant="secondary"
              isPending={markRead.isPending}
              onPress={() =>
                markRead.mutate(
                  { all: true },
                  {
                    onSuccess: () => toast(t('notifications.allMarked'), 'success'),
                    onError: (e) => toast(e.message, 'error'),
                  },
                )
              }
            >
              {t('notifications.markAll')}
            </Button>
          )
        }
      />
      {list.isPending && <Spinner label={t('common.loading')} />}
      {list.error && <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && items.length === 0 && <EmptyState title={t('notifications.empty')} />}
      {items.length > 0 && (
        <ul className="notification-list">
          {items.map((item) => {
            const to = target(item);
            const text = describe(item);
            return (
              <li key={item.id} className="notification" data-unread={!item.read || undefined}>
                <div className="notification__text">
                  {!item.read && <span className="notification__new">{t('notifications.new')}</span>}{' '}
                  {to ? (
                    <Link
                      to={to}
                      className="link"
                      onClick={() => {
                        if (!item.read) markRead.mutate({ ids: [item.id] });
                      }}
                    >
                      {text}
                    </Link>
                  ) : (
                    text
                  )}
                  <div className="hint">{formatDateTime(item.createdAt, i18n.language)}</div>
                </div>
                {!item.read && (
                  <Button
                    variant="quiet"
                    aria-label={t('notifications.markOneLabel', { text })}
                    onPress={() => markRead.mutate({ ids: [item.id] })}
                  >
                    {t('notifications.markOne')}
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {list.hasNextPage && (
        <div className="load-more">
          <Button isPending={list.isFetchingNextPage} onPress={() => void list.fetchNextPage()}>
            {t('notifications.more')}
          </Button>
        </div>
      )}
    </>
  );
}
