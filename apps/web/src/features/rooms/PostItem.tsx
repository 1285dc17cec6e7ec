/**
 * One post: author, time, "edited" with its history, reply and quote context, the body, attachments,
 * reactions, and the actions the server says the viewer may take.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { Button, Dialog, MenuButton, Spinner, useToast } from '../../ui/index.ts';
import { Composer } from './Composer.tsx';
import { postAnchor } from './format.ts';
import { AttachmentList } from './AttachmentList.tsx';
import { Reactions } from './Reactions.tsx';
import { BanDialog, ReasonDialog } from './ReasonDialog.tsx';
import { fetchRevisions, useBan, useDeletePost, useEditPost, useHidePost, useReport } from './rooms.api.ts';
import type { Post, PostRevisionList } from './rooms.types.ts';

export interface PostItemProps {
  post: Post;
  /** The post this one replies to, when loaded (for "in reply to"). */
  parent: Post | undefined;
  /** Whether the viewer may write here (reply, quote, react). */
  canWrite: boolean;
  isMine: boolean;
  onReply: (post: Post) => void;
  onQuote: (post: Post) => void;
}

type Open = 'history' | 'report' | 'hide' | 'delete' | 'ban' | null;

export function PostItem({ post, parent, canWrite, isMine, onReply, onQuote }: PostItemProps) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const [open, setOpen] = useState<Open>(null);
  const edit = useEditPost(post.threadId);
  const remove = useDeletePost(post.threadId);
  const hide = useHidePost(post.threadId);
  const report = useReport();
  const ban = useBan(post.roomId);
  const author = post.author?.displayName ?? t('rooms.post.unknownAuthor');
  const headingId = `post-${post.id}-by`;
  const gone = post.deleted;
  const hiddenForMe = !!post.hidden && post.body === '' && !post.deleted;

  const actions = [
    ...(post.permissions.edit && !gone ? [{ id: 'edit', label: t('rooms.post.edit') }] : []),
    ...(post.permissions.delete && !gone ? [{ id: 'delete', label: t('rooms.post.delete') }] : []),
    ...(!isMine && !gone ? [{ id: 'report', label: t('rooms.post.report') }] : []),
    ...(post.permissions.moderate && !gone
      ? [post.hidden ? { id: 'restore', label: t('rooms.post.restore') } : { id: 'hide', label: t('rooms.post.hide') }]
      : []),
    ...(post.permissions.moderate && post.author && !isMine ? [{ id: 'ban', label: t('rooms.post.ban') }] : []),
  ];

  const onAction = (id: string) => {
    if (id === 'edit') setEditing(true);
    else if (id === 'restore')
      hide.mutate(
        { postId: post.id, hide: false },
        { onSuccess: () => toast(t('rooms.post.restored'), 'success'), onError: (e) => toast(e.message, 'error') },
      );
    else setOpen(id as Open);
  };

  return (
    <article
      id={postAnchor(post.id)}
      tabIndex={-1}
      className={['post', post.parentId ? 'post--reply' : '', post.hidden ? 'post--hidden' : ''].join(' ').trim()}
      aria-labelledby={headingId}
    >
      <header className="post__header">
        <h3 id={headingId} className="post__author">
          {author}
        </h3>
        <span className="post__meta">
          <time dateTime={post.createdAt}>{formatDateTime(post.createdAt, i18n.language)}</time>
          {post.editCount > 0 && post.editedAt && (
            <>
              {' · '}
              <button type="button" className="link-button" onClick={() => setOpen('history')}>
                {t('rooms.post.edited', { when: formatDateTime(post.editedAt, i18n.language) })}
              </button>
            </>
          )}
        </span>
      </header>
      {post.parentId && (
        <p className="post__context">
          {t('rooms.post.inReplyTo')}{' '}
          <a href={`#${postAnchor(post.parentId)}`} className="link">
            {parent ? (parent.author?.displayName ?? t('rooms.post.unknownAuthor')) : t('rooms.post.earlierPost')}
          </a>
        </p>
      )}
      {post.quote && (
        <blockquote className="post__quote">
          <p className="post__quote-by">
            <a href={`#${postAnchor(post.quote.id)}`} className="link">
              {t('rooms.post.quoteBy', { name: post.quote.author?.displayName ?? t('rooms.post.unknownAuthor') })}
            </a>
          </p>
          <p>{post.quote.excerpt}</p>
        </blockquote>
      )}
      {gone ? (
        <p className="post__gone">{t('rooms.post.deleted')}</p>
      ) : hiddenForMe ? (
        <p className="post__gone">{t('rooms.post.hiddenForMembers')}</p>
      ) : editing ? (
        <Composer
          roomId={post.roomId}
          label={t('rooms.post.editLabel')}
          submitLabel={t('rooms.post.save')}
          initialBody={post.body}
          allowAttachments={false}
          isPending={edit.isPending}
          onCancel={() => setEditing(false)}
          onSubmit={async (body) => {
            try {
              await edit.mutateAsync({ id: post.id, body });
              setEditing(false);
              toast(t('rooms.post.saved'), 'success');
            } catch (e) {
              toast(e instanceof ApiError ? e.problem.title : t('errors.unexpected'), 'error');
              throw e;
            }
          }}
        />
      ) : (
        <>
          {post.hidden && (
            <p className="notice post__hidden-note">
              {t('rooms.post.hiddenForModerators', { reason: post.hidden.reason })}
            </p>
          )}
          {/* bodyHtml is rendered by the server with markdown-it (html: false, links checked), so it
              carries no markup a member typed; it is the only HTML this app inserts. */}
          <div className="post-body" dangerouslySetInnerHTML={{ __html: post.bodyHtml }} />
        </>
      )}
      {!gone && <AttachmentList attachments={post.attachments} />}
      {!gone && !hiddenForMe && (
        <footer className="post__footer">
          <Reactions post={post} canReact={canWrite} />
          <div className="post__actions">
            {canWrite && (
              <>
                <Button
                  variant="quiet"
                  aria-label={t('rooms.post.replyTo', { name: author })}
                  onPress={() => onReply(post)}
                >
                  {t('rooms.post.reply')}
                </Button>
                <Button
                  variant="quiet"
                  aria-label={t('rooms.post.quoteFrom', { name: author })}
                  onPress={() => onQuote(post)}
                >
                  {t('rooms.post.quote')}
                </Button>
              </>
            )}
            {actions.length > 0 && (
              <MenuButton
                label={t('rooms.post.more')}
                ariaLabel={t('rooms.post.moreLabel', { name: author })}
                items={actions}
                onAction={onAction}
              />
            )}
          </div>
        </footer>
      )}

      {open === 'history' && <HistoryDialog post={post} onClose={() => setOpen(null)} />}
      <ReasonDialog
        title={t('rooms.post.reportTitle')}
        lead={t('rooms.post.reportLead')}
        label={t('rooms.post.reason')}
        submitLabel={t('rooms.post.reportSubmit')}
        isOpen={open === 'report'}
        onOpenChange={(o) => setOpen(o ? 'report' : null)}
        onSubmit={async (reason) => {
          await report.mutateAsync({ postId: post.id, reason });
          toast(t('rooms.post.reported'), 'success');
        }}
      />
      <ReasonDialog
        title={t('rooms.post.hideTitle')}
        lead={t('rooms.post.hideLead')}
        label={t('rooms.post.reason')}
        submitLabel={t('rooms.post.hide')}
        maxLength={500}
        isOpen={open === 'hide'}
        onOpenChange={(o) => setOpen(o ? 'hide' : null)}
        onSubmit={async (reason) => {
          await hide.mutateAsync({ postId: post.id, reason, hide: true });
          toast(t('rooms.post.hidden'), 'success');
        }}
      />
      {post.author && (
        <BanDialog
          memberName={author}
          isOpen={open === 'ban'}
          onOpenChange={(o) => setOpen(o ? 'ban' : null)}
          onSubmit={async ({ until, reason }) => {
            await ban.mutateAsync({ memberId: post.author!.memberId, until, reason });
            toast(t('rooms.ban.done', { name: author }), 'success');
          }}
        />
      )}
      <Dialog
        title={t('rooms.post.deleteTitle')}
        isOpen={open === 'delete'}
        onOpenChange={(o) => setOpen(o ? 'delete' : null)}
      >
        <p>{t('rooms.post.deleteLead')}</p>
        <Button
          variant="primary"
          isPending={remove.isPending}
          onPress={() =>
            remove.mutate(post.id, {
              onSuccess: () => {
                setOpen(null);
                toast(t('rooms.post.deletedDone'), 'success');
              },
              onError: (e) => toast(e.message, 'error'),
            })
          }
        >
          {t('rooms.post.deleteConfirm')}
        </Button>
      </Dialog>
    </article>
  );
}

function HistoryDialog({ post, onClose }: { post: Post; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [data, setData] = useState<PostRevisionList | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    fetchRevisions(post.id)
      .then((list) => !cancelled && setData(list))
      .catch((e: unknown) => !cancelled && setError(e instanceof ApiError ? e.problem.title : t('errors.unexpected')));
    return () => {
      cancelled = true;
    };
  }, [post.id, t]);
  return (
    <Dialog title={t('rooms.post.historyTitle')} isOpen onOpenChange={(o) => !o && onClose()}>
      {!data && !error && <Spinner label={t('common.loading')} />}
      {error && <p role="alert">{error}</p>}
      {data && (
        <ol className="revisions">
          <li className="revision">
            <p className="hint">{t('rooms.post.current')}</p>
            <pre className="revision__body">{post.body}</pre>
          </li>
          {data.items.map((r, i) => (
            <li key={i} className="revision">
              <p className="hint">
                {t('rooms.post.revisionMeta', {
                  when: formatDateTime(r.editedAt, i18n.language),
                  name: r.editedBy?.displayName ?? t('rooms.post.unknownAuthor'),
                })}
              </p>
              <pre className="revision__body">{r.body}</pre>
            </li>
          ))}
        </ol>
      )}
    </Dialog>
  );
}
