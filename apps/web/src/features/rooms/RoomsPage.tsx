import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorNotice } from '../../pages/ErrorNotice.tsx';
import { useMe } from '../../lib/session.ts';
import { usePageTitle } from '../../lib/page.ts';
import { Button, ButtonLink, EmptyState, MenuButton, PageHeader, Spinner, useToast } from '../../ui/index.ts';
import { managedUnits } from './abilities.ts';
import { roomPath } from './format.ts';
import { useRoomList, useRoomSettings } from './rooms.api.ts';
import type { RoomSummary } from './rooms.types.ts';

/** "Räume": the member's rooms grouped by unit, with unread counts; no join requests. */
export function Component() {
  const { t } = useTranslation();
  usePageTitle(t('rooms.list.title'));
  const me = useMe().data;
  const list = useRoomList();
  const canCreate = !!me && managedUnits(me).length > 0;

  return (
    <>
      <PageHeader
        title={t('rooms.list.title')}
        lead={t('rooms.list.lead')}
        actions={
          canCreate && (
            <ButtonLink to="/raeume/neu" variant="primary">
              {t('rooms.list.create')}
            </ButtonLink>
          )
        }
      />
      {list.isPending && <Spinner label={t('common.loading')} />}
      {list.error && <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && list.data.groups.length === 0 && <EmptyState title={t('rooms.list.empty')} />}
      {list.data?.groups.map((group) => {
        const active = group.rooms.filter((r) => !r.left);
        const left = group.rooms.filter((r) => r.left);
        const headingId = `unit-${group.unit.id}`;
        return (
          <section key={group.unit.id} className="room-group" aria-labelledby={headingId}>
            <h2 id={headingId} className="room-group__title">
              {group.unit.name}{' '}
              <span className="room-group__type">{t(`rooms.unitType.${group.unit.type}`, { defaultValue: '' })}</span>
            </h2>
            <ul className="room-list">
              {active.map((room) => (
                <RoomRow key={room.id} room={room} />
              ))}
            </ul>
            {left.length > 0 && (
              <>
                <h3 className="room-group__subtitle">{t('rooms.list.left')}</h3>
                <ul className="room-list">
                  {left.map((room) => (
                    <RoomRow key={room.id} room={room} />
                  ))}
                </ul>
              </>
            )}
          </section>
        );
      })}
    </>
  );
}

function RoomRow({ room }: { room: RoomSummary }) {
  const { t } = useTranslation();
  const toast = useToast();
  const settings = useRoomSettings();
  const set = (patch: { muted?: boolean; left?: boolean }, done: string) =>
    settings.mutate(
      { roomId: room.id, ...patch },
      { onSuccess: () => toast(done, 'success'), onError: (e) => toast(e.message, 'error') },
    );

  const unread =
    room.unreadPosts > 0 ? t('rooms.list.unread', { count: room.unreadPosts, threads: room.unreadThreads }) : null;

  return (
    <li className="room-row" data-unread={unread ? true : undefined} data-muted={room.muted || undefined}>
      <div className="room-row__main">
        {room.left ? (
          <span className="room-row__name">{room.name}</span>
        ) : (
          <Link to={roomPath(room.id)} className="room-row__name link">
            {room.name}
          </Link>
        )}
        {unread && !room.left && <span className="unread-badge">{unread}</span>}
        {room.muted && <span className="room-row__flag">{t('rooms.list.muted')}</span>}
        {room.audience !== 'unit' && <span className="room-row__flag">{t(`rooms.audience.${room.audience}`)}</span>}
        {room.description && <p className="room-row__description">{room.description}</p>}
      </div>
      {room.left ? (
        <Button
          variant="secondary"
          aria-label={t('rooms.list.rejoinLabel', { name: room.name })}
          onPress={() => set({ left: false }, t('rooms.list.rejoined', { name: room.name }))}
        >
          {t('rooms.list.rejoin')}
        </Button>
      ) : (
        room.optional && (
          <MenuButton
            label={t('rooms.list.options')}
            ariaLabel={t('rooms.list.optionsLabel', { name: room.name })}
            items={[
              { id: 'mute', label: room.muted ? t('rooms.list.unmute') : t('rooms.list.mute') },
              { id: 'leave', label: t('rooms.list.leave') },
            ]}
            onAction={(id) =>
              id === 'mute'
                ? set(
                    { muted: !room.muted },
                    t(room.muted ? 'rooms.list.unmuted' : 'rooms.list.mutedDone', { name: room.name }),
                  )
                : set({ left: true }, t('rooms.list.leftDone', { name: room.name }))
            }
          />
        )
      )}
    </li>
  );
}
