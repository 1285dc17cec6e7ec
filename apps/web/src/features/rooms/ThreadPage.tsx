import { Fragment, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, isStatus } from '../../api.ts';
import { useMe } from '../../lib/session.ts';
import { usePageTitle } from '../../lib/page.ts';
import { ErrorNotice } from '../../pages/ErrorNotice.tsx';
import { NotFoundPage } from '../../pages/NotFoundPage.tsx';
import { Button, fieldErrors, PageHeader, Spinner, useToast } from '../../ui/index.ts';
import { useLiveEvents } from '../../live/LiveConnection.tsx';
import type { LiveEvent } from '../../live/live-client.ts';
import { CodeOfConductDialog } from './CodeOfConductDialog.tsx';
import { Composer, type ComposerHandle } from './Composer.tsx';
import { roomPath } from './format.ts';
import { PollPanel } from './Poll.tsx';
import { PostItem } from './PostItem.tsx';
import {
  fetchOlderPosts,
  markRead,
  useCreatePost,
  usePosts,
  useRoom,
  useThread,
  useThreadSwitch,
} from './rooms.api.ts';
import type { Post, Room, Thread } from './rooms.types.ts';

/** A thread: its poll, posts with the "new since your last visit" divider, and the reply composer. */
export function Component() {
  const { t } = useTranslation();
  const params = useParams();
  const roomId = Number(params.id);
  const threadId = Number(params.threadId);
  const room = useRoom(roomId);
  const thread = useThread(threadId);
  usePageTitle(thread.data?.title ?? t('rooms.thread.title'));

  const error = thread.error ?? room.error;
  if (error && isStatus(error, 404)) return <NotFoundPage />;
  if (thread.data && thread.data.roomId !== roomId) return <NotFoundPage />;
  if (error) return <ErrorNotice error={error} onRetry={() => void thread.refetch()} />;
  if (!thread.data || !room.data) return <Spinner label={t('common.loading')} />;
  return <ThreadView key={threadId} room={room.data} thread={thread.data} />;
}

function ThreadView({ room, thread }: { room: Room; thread: Thread }) {
  const { t } = useTranslation();
  const toast = useToast();
  const me = useMe().data;
  const posts = usePosts(thread.id);
  const createPost = useCreatePost(thread.id);
  const switches = useThreadSwitch(thread.id, room.id);
  const [older, setOlder] = useState<Post[]>([]);
  const [hasOlder, setHasOlder] = useState<boolean | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [replyTo, setReplyTo] = useState<Post | null>(null);
  const [quote, setQuote] = useState<Post | null>(null);
  const [cocOpen, setCocOpen] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const composer = useRef<ComposerHandle | null>(null);
  const composerRegion = useRef<HTMLElement>(null);
  // Where "new since your last visit" begins: fixed at the first look, so it does not move as we mark read.
  const [lastSeen] = useState(thread.lastReadPostId);
  const markedUpTo = useRef(thread.lastReadPostId ?? 0);
  const seen = useRef<Set<number> | null>(null);

  const latest = useMemo(() => posts.data?.items ?? [], [posts.data]);
  const all = useMemo(() => {
    const ids = new Set(latest.map((p) => p.id));
    return [...older.filter((p) => !ids.has(p.id)), ...latest];
  }, [older, latest]);
  const byId = useMemo(() => new Map(all.map((p) => [p.id, p])), [all]);
  const firstNew = lastSeen === null ? null : all.find((p) => p.id > lastSeen && p.author?.memberId !== me?.id);

  // Announce posts by others that arrive while the page is open (not those present at the start).
  useEffect(() => {
    if (!posts.data) return;
    if (seen.current === null) {
      seen.current = new Set(posts.data.items.map((p) => p.id));
      return;
    }
    const fresh = posts.data.items.filter((p) => !seen.current!.has(p.id));
    for (const p of fresh) seen.current.add(p.id);
    const byOthers = fresh.filter((p) => p.author?.memberId !== me?.id);
    if (byOthers.length === 1) {
      setAnnouncement(
        t('rooms.live.newPost', { name: byOthers[0]!.author?.displayName ?? t('rooms.post.unknownAuthor') }),
      );
    } else if (byOthers.length > 1) {
      setAnnouncement(t('rooms.live.newPosts', { count: byOthers.length }));
    }
  }, [posts.data, me?.id, t]);

  // Mark read up to the newest post shown (the server only ever moves the marker forward).
  useEffect(() => {
    const newest = latest.at(-1)?.id ?? 0;
    if (newest > markedUpTo.current && document.visibilityState === 'visible') {
      markedUpTo.current = newest;
      void markRead(thread.id, newest).catch(() => undefined);
    }
  }, [latest, thread.id]);

  // A poll vote by someone else changes the counts: say so quietly.
  const onLive = useCallback(
    (event: LiveEvent) => {
      if (event.payload.threadId !== thread.id) return;
      if (event.type === 'poll.voted') setAnnouncement(t('rooms.live.pollVoted'));
    },
    [thread.id, t],
  );
  useLiveEvents(onLive);

  // Jump to a post named in the address (from a notification) once it is there.
  useEffect(() => {
    const hash = window.location.hash.slice(1);
    if (!hash || !posts.data) return;
    document.getElementById(hash)?.focus();
  }, [posts.data]);

  const loadOlder = async () => {
    const first = all[0];
    if (!first) return;
    setLoadingOlder(true);
    try {
      const page = await fetchOlderPosts(thread.id, first.id);
      setOlder((o) => [...page.items, ...o]);
      setHasOlder(page.hasOlder);
    } catch (e) {
      toast(e instanceof ApiError ? e.problem.title : t('errors.unexpected'), 'error');
    } finally {
      setLoadingOlder(false);
    }
  };

  const needsCoc = !!room.codeOfConduct && !room.cocAccepted;
  const canWrite = thread.permissions.reply && !room.ban;
  const focusComposer = () => {
    composerRegion.current?.scrollIntoView({ block: 'center' });
    composerRegion.current?.querySelector('textarea')?.focus();
  };

  return (
    <>
      <nav aria-label={t('rooms.breadcrumb')} className="breadcrumb">
        <Link to="/raeume" className="link">
          {t('rooms.list.title')}
        </Link>{' '}
        <span aria-hidden="true">›</span>{' '}
        <Link to={roomPath(room.id)} className="link">
          {room.name}
        </Link>
      </nav>
      <PageHeader
        title={thread.title}
        lead={
          <>
            {thread.pinned && <span className="flag flag--pinned">{t('rooms.thread.pinned')}</span>}{' '}
            {thread.locked && <span className="flag">{t('rooms.thread.locked')}</span>}{' '}
            {t('rooms.thread.startedBy', { name: thread.author?.displayName ?? t('rooms.post.unknownAuthor') })}
          </>
        }
        actions={
          <>
            <Button
              variant="secondary"
              aria-pressed={thread.followed}
              onPress={() => switches.mutate({ what: 'follow', on: !thread.followed })}
            >
              {t('rooms.thread.follow')}
            </Button>
            {thread.permissions.moderate && (
              <>
                <Button
                  variant="secondary"
                  onPress={() =>
                    switches.mutate({ what: 'pin', on: !thread.pinned }, { onError: (e) => toast(e.message, 'error') })
                  }
                >
                  {thread.pinned ? t('rooms.thread.unpin') : t('rooms.thread.pin')}
                </Button>
                <Button
                  variant="secondary"
                  onPress={() =>
                    switches.mutate({ what: 'lock', on: !thread.locked }, { onError: (e) => toast(e.message, 'error') })
                  }
                >
                  {thread.locked ? t('rooms.thread.unlock') : t('rooms.thread.lock')}
                </Button>
              </>
            )}
          </>
        }
      />
      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
      {thread.poll && <PollPanel poll={thread.poll} threadId={thread.id} canModerate={thread.permissions.moderate} />}

      <section aria-labelledby="posts-title" className="posts">
        <h2 id="posts-title" className="visually-hidden">
          {t('rooms.thread.posts')}
        </h2>
        {posts.isPending && <Spinner label={t('common.loading')} />}
        {posts.error && <ErrorNotice error={posts.error} onRetry={() => void posts.refetch()} />}
        {(hasOlder ?? posts.data?.hasOlder) && (
          <Button variant="secondary" isPending={loadingOlder} onPress={() => void loadOlder()}>
            {t('rooms.thread.older')}
          </Button>
        )}
        <ol className="post-list">
          {all.map((post) => (
            <Fragment key={post.id}>
              {firstNew?.id === post.id && (
                <li className="new-divider">
                  <span>{t('rooms.thread.newSince')}</span>
                </li>
              )}
              <li className="post-list__item">
                <PostItem
                  post={post}
                  parent={post.parentId ? byId.get(post.parentId) : undefined}
                  canWrite={canWrite}
                  isMine={!!me && post.author?.memberId === me.id}
                  onReply={(p) => {
                    setReplyTo(p);
                    focusComposer();
                  }}
                  onQuote={(p) => {
                    setQuote(p);
                    focusComposer();
                  }}
                />
              </li>
            </Fragment>
          ))}
        </ol>
      </section>

      <section ref={composerRegion} aria-labelledby="reply-title" className="reply">
        <h2 id="reply-title">{t('rooms.thread.replyTitle')}</h2>
        {room.ban ? (
          <p>{t('rooms.room.banned')}</p>
        ) : !thread.permissions.reply ? (
          <p>{thread.locked ? t('rooms.thread.lockedNote') : t('rooms.thread.cannotReply')}</p>
        ) : needsCoc ? (
          <>
            <p>{t('rooms.coc.needed')}</p>
            <Button variant="primary" onPress={() => setCocOpen(true)}>
              {t('rooms.coc.open')}
            </Button>
            <CodeOfConductDialog
              room={room}
              isOpen={cocOpen}
              onOpenChange={setCocOpen}
              onAccepted={() => setCocOpen(false)}
            />
          </>
        ) : (
          <>
            {(replyTo || quote) && (
              <div className="reply__context">
                {replyTo && (
                  <p>
                    {t('rooms.thread.replyingTo', {
                      name: replyTo.author?.displayName ?? t('rooms.post.unknownAuthor'),
                    })}{' '}
                    <Button variant="quiet" onPress={() => setReplyTo(null)}>
                      {t('rooms.thread.noReply')}
                    </Button>
                  </p>
                )}
                {quote && (
                  <p>
                    {t('rooms.thread.quoting', { name: quote.author?.displayName ?? t('rooms.post.unknownAuthor') })}{' '}
                    <Button variant="quiet" onPress={() => setQuote(null)}>
                      {t('rooms.thread.noQuote')}
                    </Button>
                  </p>
                )}
              </div>
            )}
            <Composer
              roomId={room.id}
              draftKey={`thread-${thread.id}`}
              label={t('rooms.thread.replyLabel')}
              submitLabel={t('rooms.thread.send')}
              isPending={createPost.isPending}
              errorMessage={fieldErrors(createPost.error).body}
              handleRef={(h) => {
                composer.current = h;
              }}
              onSubmit={async (body, attachmentIds) => {
                try {
                  const post = await createPost.mutateAsync({
                    body,
                    ...(replyTo ? { parentId: replyTo.id } : {}),
                    ...(quote ? { quoteId: quote.id } : {}),
                    ...(attachmentIds.length > 0 ? { attachmentIds } : {}),
                  });
                  seen.current?.add(post.id);
                  setReplyTo(null);
                  setQuote(null);
                  toast(t('rooms.thread.sent'), 'success');
                } catch (e) {
                  if (!fieldErrors(e).body)
                    toast(e instanceof ApiError ? e.problem.title : t('errors.unexpected'), 'error');
                  throw e;
                }
              }}
            />
          </>
        )}
      </section>
    </>
  );
}
