import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { usePageTitle } from '../../lib/page.ts';
import { ErrorNotice } from '../../pages/ErrorNotice.tsx';
import { Button, EmptyState, PageHeader, Spinner, useToast } from '../../ui/index.ts';
import { postAnchor, threadPath } from './format.ts';
import { BanDialog, ReasonDialog } from './ReasonDialog.tsx';
import { useBan, useHidePost, useModerationQueue, useSettleReport } from './rooms.api.ts';
import type { ModerationCase } from './rooms.types.ts';

/** The moderators' queue: reported posts of the rooms they moderate, with hide/restore, close and ban. */
export function Component() {
  const { t } = useTranslation();
  usePageTitle(t('rooms.moderation.title'));
  const queue = useModerationQueue();
  return (
    <>
      <PageHeader title={t('rooms.moderation.title')} lead={t('rooms.moderation.lead')} />
      {queue.isPending && <Spinner label={t('common.loading')} />}
      {queue.error && <ErrorNotice error={queue.error} onRetry={() => void queue.refetch()} />}
      {queue.data && queue.data.items.length === 0 && <EmptyState title={t('rooms.moderation.empty')} />}
      {queue.data && queue.data.items.length > 0 && (
        <ul className="case-list">
          {queue.data.items.map((c) => (
            <CaseItem key={c.post.id} item={c} />
          ))}
        </ul>
      )}
    </>
  );
}

function CaseItem({ item }: { item: ModerationCase }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const hide = useHidePost(item.thread.id);
  const settle = useSettleReport();
  const ban = useBan(item.room.id);
  const [open, setOpen] = useState<'hide' | 'ban' | null>(null);
  const author = item.post.author?.displayName ?? t('rooms.post.unknownAuthor');
  const headingId = `case-${item.post.id}`;
  const fail = (e: unknown) => toast(e instanceof ApiError ? e.problem.title : t('errors.unexpected'), 'error');

  const close = async (how: 'resolve' | 'dismiss') => {
    try {
      for (const r of item.reports.filter((r) => r.status === 'open')) await settle.mutateAsync({ id: r.id, how });
      toast(how === 'resolve' ? t('rooms.moderation.resolved') : t('rooms.moderation.dismissed'), 'success');
    } catch (e) {
      fail(e);
    }
  };

  return (
    <li className="case" aria-labelledby={headingId}>
      <h2 id={headingId} className="case__title">
        {t('rooms.moderation.caseTitle', { name: author, count: item.reportCount })}
      </h2>
      <p className="hint">
        {item.room.unit.name} · {item.room.name} ·{' '}
        <Link to={`${threadPath(item.room.id, item.thread.id)}#${postAnchor(item.post.id)}`} className="link">
          {item.thread.title}
        </Link>{' '}
        · {formatDateTime(item.post.createdAt, i18n.language)}
      </p>
      {item.post.hidden && (
        <p className="notice">
          {t('rooms.moderation.hiddenBy', {
            name: item.post.hidden.by?.displayName ?? t('rooms.post.unknownAuthor'),
            reason: item.post.hidden.reason,
          })}
        </p>
      )}
      {item.post.deleted ? (
        <p className="post__gone">{t('rooms.post.deleted')}</p>
      ) : (
        // Rendered by the server without raw HTML (markdown-it, html: false): safe to insert.
        <div className="post-body case__body" dangerouslySetInnerHTML={{ __html: item.post.bodyHtml }} />
      )}
      <h3 className="case__subtitle">{t('rooms.moderation.reports')}</h3>
      <ul className="case__reports">
        {item.reports.map((r) => (
          <li key={r.id}>
            <strong>{r.reporter?.displayName ?? t('rooms.post.unknownAuthor')}</strong>{' '}
            <span className="hint">({formatDateTime(r.createdAt, i18n.language)})</span>: {r.reason}
          </li>
        ))}
      </ul>
      <div className="case__actions">
        {!item.post.deleted &&
          (item.post.hidden ? (
            <Button
              variant="secondary"
              aria-label={t('rooms.moderation.restoreLabel', { name: author })}
              onPress={() =>
                hide.mutate(
                  { postId: item.post.id, hide: false },
                  { onSuccess: () => toast(t('rooms.post.restored'), 'success'), onError: fail },
                )
              }
            >
              {t('rooms.post.restore')}
            </Button>
          ) : (
            <Button
              variant="primary"
              aria-label={t('rooms.moderation.hideLabel', { name: author })}
              onPress={() => setOpen('hide')}
            >
              {t('rooms.post.hide')}
            </Button>
          ))}
        <Button variant="secondary" isPending={settle.isPending} onPress={() => void close('resolve')}>
          {t('rooms.moderation.resolve')}
        </Button>
        <Button variant="secondary" isPending={settle.isPending} onPress={() => void close('dismiss')}>
          {t('rooms.moderation.dismiss')}
        </Button>
        {item.post.author && (
          <Button
            variant="quiet"
            aria-label={t('rooms.moderation.banLabel', { name: author })}
            onPress={() => setOpen('ban')}
          >
            {t('rooms.post.ban')}
          </Button>
        )}
      </div>
      <ReasonDialog
        title={t('rooms.post.hideTitle')}
        lead={t('rooms.post.hideLead')}
        label={t('rooms.post.reason')}
        submitLabel={t('rooms.post.hide')}
        maxLength={500}
        isOpen={open === 'hide'}
        onOpenChange={(o) => setOpen(o ? 'hide' : null)}
        onSubmit={async (reason) => {
          await hide.mutateAsync({ postId: item.post.id, reason, hide: true });
          toast(t('rooms.post.hidden'), 'success');
        }}
      />
      {item.post.author && (
        <BanDialog
          memberName={author}
          isOpen={open === 'ban'}
          onOpenChange={(o) => setOpen(o ? 'ban' : null)}
          onSubmit={async ({ until, reason }) => {
            await ban.mutateAsync({ memberId: item.post.author!.memberId, until, reason });
            toast(t('rooms.ban.done', { name: author }), 'success');
          }}
        />
      )}
    </li>
  );
}
