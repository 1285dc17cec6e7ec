import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api.ts';
import { ErrorNotice } from '../../pages/ErrorNotice.tsx';
import { Loaded } from '../../pages/Loaded.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { usePageTitle } from '../../lib/page.ts';
import {
  Button,
  ButtonLink,
  EmptyState,
  fieldErrors,
  PageHeader,
  Spinner,
  TextField,
  useToast,
} from '../../ui/index.ts';
import { CodeOfConductDialog } from './CodeOfConductDialog.tsx';
import { Composer } from './Composer.tsx';
import { threadPath } from './format.ts';
import { emptyPoll, PollFields, pollInput } from './Poll.tsx';
import { recordVisit, useCreateThread, useRoom, useRoomSettings, useThreads } from './rooms.api.ts';
import type { Room, ThreadSummary } from './rooms.types.ts';

/** A room: its threads (pinned first, unread marked) and "new thread". */
export function Component() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const room = useRoom(id);
  usePageTitle(room.data?.name ?? t('rooms.room.title'));

  return <Loaded query={room}>{(data) => <RoomView room={data} />}</Loaded>;
}

function RoomView({ room }: { room: Room }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const threads = useThreads(room.id);
  const settings = useRoomSettings();
  const [composing, setComposing] = useState(false);
  const [cocOpen, setCocOpen] = useState(false);
  // The visit counts when the member leaves: while here, what was new stays marked.
  useEffect(() => () => void recordVisit(room.id), [room.id]);

  const startThread = () => {
    if (room.codeOfConduct && !room.cocAccepted) setCocOpen(true);
    else setComposing(true);
  };

  return (
    <>
      <nav aria-label={t('rooms.breadcrumb')} className="breadcrumb">
        <Link to="/raeume" className="link">
          {t('rooms.list.title')}
        </Link>
      </nav>
      <PageHeader
        title={room.name}
        lead={
          <>
            {room.unit.name} · {t(`rooms.audience.${room.audience}`)}
            {room.description && (
              <>
                <br />
                {room.description}
              </>
            )}
          </>
        }
        actions={
          <>
            <Button
              variant="secondary"
              aria-pressed={room.settings.following}
              onPress={() =>
                settings.mutate(
                  { roomId: room.id, following: !room.settings.following },
                  {
                    onSuccess: () =>
                      toast(room.settings.following ? t('rooms.room.unfollowed') : t('rooms.room.followed'), 'success'),
                    onError: (e) => toast(e.message, 'error'),
                  },
                )
              }
            >
              {t('rooms.room.follow')}
            </Button>
            {room.permissions.manage && (
              <ButtonLink to={`/raeume/${room.id}/einstellungen`} variant="secondary">
                {t('rooms.room.settings')}
              </ButtonLink>
            )}
          </>
        }
      />
      {room.ban && (
        <div className="notice notice--error">
          <p>
            {room.ban.until
              ? t('rooms.room.bannedUntil', { until: formatDateTime(room.ban.until, i18n.language) })
              : t('rooms.room.banned')}
            {room.ban.reason && ` ${t('rooms.room.banReason', { reason: room.ban.reason })}`}
          </p>
        </div>
      )}
      {room.permissions.post && !room.ban && (
        <section className="new-thread" aria-labelledby="new-thread-title">
          {composing ? (
            <>
              <h2 id="new-thread-title">{t('rooms.thread.new')}</h2>
              <NewThreadForm room={room} onDone={() => setComposing(false)} />
            </>
          ) : (
            <>
              <h2 id="new-thread-title" className="visually-hidden">
                {t('rooms.thread.new')}
              </h2>
              <Button variant="primary" onPress={startThread}>
                {t('rooms.thread.start')}
              </Button>
            </>
          )}
        </section>
      )}
      {room.codeOfConduct && (
        <CodeOfConductDialog
          room={room}
          isOpen={cocOpen}
          onOpenChange={setCocOpen}
          onAccepted={() => {
            setCocOpen(false);
            setComposing(true);
          }}
        />
      )}
      <section aria-labelledby="threads-title">
        <h2 id="threads-title">{t('rooms.room.threads')}</h2>
        {threads.isPending && <Spinner label={t('common.loading')} />}
        {threads.error && <ErrorNotice error={threads.error} onRetry={() => void threads.refetch()} />}
        {threads.data && threads.data.items.length === 0 && <EmptyState title={t('rooms.room.noThreads')} />}
        {threads.data && threads.data.items.length > 0 && (
          <ul className="thread-list">
            {threads.data.items.map((thread) => (
              <ThreadRow key={thread.id} roomId={room.id} thread={thread} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function ThreadRow({ roomId, thread }: { roomId: number; thread: ThreadSummary }) {
  const { t, i18n } = useTranslation();
  return (
    <li className="thread-row" data-unread={thread.unreadCount > 0 || undefined}>
      <div className="thread-row__title">
        {thread.pinned && <span className="flag flag--pinned">{t('rooms.thread.pinned')}</span>}
        {thread.locked && <span className="flag">{t('rooms.thread.locked')}</span>}
        {thread.hasPoll && <span className="flag">{t('rooms.poll.kind')}</span>}
        {thread.newSinceLastVisit && <span className="flag flag--new">{t('rooms.thread.newFlag')}</span>}
        <Link to={threadPath(roomId, thread.id)} className="link thread-row__link">
          {thread.title}
        </Link>
        {thread.unreadCount > 0 && (
          <span className="unread-badge">{t('rooms.thread.unread', { count: thread.unreadCount })}</span>
        )}
      </div>
      <p className="hint">
        {t('rooms.thread.meta', {
          author: thread.author?.displayName ?? t('rooms.post.unknownAuthor'),
          count: thread.postCount,
          last: formatDateTime(thread.lastPostAt, i18n.language),
        })}
      </p>
    </li>
  );
}

function NewThreadForm({ room, onDone }: { room: Room; onDone: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const navigate = useNavigate();
  const create = useCreateThread(room.id);
  const [title, setTitle] = useState('');
  const [poll, setPoll] = useState(emptyPoll());
  const [problem, setProblem] = useState<string | null>(null);
  const [titleMissing, setTitleMissing] = useState(false);
  const errors = fieldErrors(create.error);

  return (
    <Composer
      roomId={room.id}
      draftKey={`room-${room.id}`}
      label={t('rooms.thread.firstPost')}
      submitLabel={t('rooms.thread.create')}
      isPending={create.isPending}
      errorMessage={errors.body}
      before={
        <TextField
          label={t('rooms.thread.titleField')}
          value={title}
          onChange={(v) => {
            setTitle(v);
            setTitleMissing(false);
          }}
          isRequired
          maxLength={200}
          errorMessage={titleMissing ? t('rooms.thread.titleMissing') : errors.title}
        />
      }
      after={<PollFields value={poll} onChange={setPoll} problem={problem} />}
      onCancel={onDone}
      onSubmit={async (body, attachmentIds) => {
        if (title.trim() === '') {
          setTitleMissing(true);
          throw new Error('title missing');
        }
        const { poll: pollBody, problem: pollProblem } = pollInput(poll);
        setProblem(pollProblem);
        if (pollProblem) throw new Error(pollProblem);
        try {
          const thread = await create.mutateAsync({
            title: title.trim(),
            body,
            ...(attachmentIds.length > 0 ? { attachmentIds } : {}),
            ...(pollBody ? { poll: pollBody } : {}),
          });
          toast(t('rooms.thread.created'), 'success');
          void navigate(threadPath(room.id, thread.id));
        } catch (e) {
          if (e instanceof ApiError && Object.keys(fieldErrors(e)).length === 0) toast(e.problem.title, 'error');
          throw e;
        }
      }}
    />
  );
}
