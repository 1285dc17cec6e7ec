import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { usePageTitle } from '../../lib/page.ts';
import { ErrorNotice } from '../../pages/ErrorNotice.tsx';
import { Loaded } from '../../pages/Loaded.tsx';
import { Button, Card, Dialog, fieldErrors, Form, PageHeader, Spinner, TextField, useToast } from '../../ui/index.ts';
import { roomPath } from './format.ts';
import { InviteSearch } from './InviteSearch.tsx';
import { useArchiveRoom, useBans, useInvites, useLiftBan, useRoom, useUninvite, useUpdateRoom } from './rooms.api.ts';
import type { Room } from './rooms.types.ts';

/** A room's settings for its managers (name, description, code of conduct, invites) and moderators (bans). */
export function Component() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const room = useRoom(id);
  usePageTitle(room.data ? t('rooms.settings.title', { name: room.data.name }) : t('rooms.room.title'));
  return (
    <Loaded query={room} allowed={(r) => r.permissions.manage || r.permissions.moderate}>
      {(data) => <Settings room={data} />}
    </Loaded>
  );
}

function Settings({ room }: { room: Room }) {
  const { t } = useTranslation();
  return (
    <>
      <nav aria-label={t('rooms.breadcrumb')} className="breadcrumb">
        <Link to={roomPath(room.id)} className="link">
          {room.name}
        </Link>
      </nav>
      <PageHeader title={t('rooms.settings.title', { name: room.name })} />
      {room.permissions.manage && <EditCard room={room} />}
      {room.permissions.manage && room.audience === 'invite' && <InvitesCard room={room} />}
      {room.permissions.moderate && <BansCard room={room} />}
      {room.permissions.manage && room.kind === 'custom' && <ArchiveCard room={room} />}
    </>
  );
}

function EditCard({ room }: { room: Room }) {
  const { t } = useTranslation();
  const toast = useToast();
  const update = useUpdateRoom(room.id);
  const [name, setName] = useState(room.name);
  const [description, setDescription] = useState(room.description ?? '');
  const [coc, setCoc] = useState(room.codeOfConduct ?? '');
  const errors = fieldErrors(update.error);
  const fixed = room.kind !== 'custom';
  return (
    <Card title={t('rooms.settings.edit')}>
      <Form
        onSubmit={(e) => {
          e.preventDefault();
          update.mutate(
            {
              ...(fixed ? {} : { name: name.trim() }),
              description: description.trim() || null,
              codeOfConduct: coc.trim() || null,
            },
            {
              onSuccess: () => toast(t('rooms.settings.saved'), 'success'),
              onError: (err) => {
                if (Object.keys(fieldErrors(err)).length === 0) toast(err.message, 'error');
              },
            },
          );
        }}
      >
        <TextField
          label={t('rooms.create.name')}
          value={name}
          onChange={setName}
          isDisabled={fixed}
          description={fixed ? t('rooms.settings.fixedName') : undefined}
          maxLength={80}
          errorMessage={errors.name}
        />
        <TextField
          label={t('rooms.create.description')}
          value={description}
          onChange={setDescription}
          maxLength={500}
          errorMessage={errors.description}
        />
        <div className="field">
          <label className="field__label" htmlFor="settings-coc">
            {t('rooms.create.codeOfConduct')}
          </label>
          <p className="field__description" id="settings-coc-hint">
            {t('rooms.settings.codeOfConductHint')}
          </p>
          <textarea
            id="settings-coc"
            className="field__input"
            rows={5}
            maxLength={5000}
            aria-describedby="settings-coc-hint"
            value={coc}
            onChange={(e) => setCoc(e.target.value)}
          />
          {errors.codeOfConduct && <p className="field__error">{errors.codeOfConduct}</p>}
        </div>
        <Button type="submit" variant="primary" isPending={update.isPending}>
          {t('rooms.settings.save')}
        </Button>
      </Form>
    </Card>
  );
}

function InvitesCard({ room }: { room: Room }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const invites = useInvites(room.id, true);
  const uninvite = useUninvite(room.id);
  return (
    <Card title={t('rooms.settings.invites')}>
      <p>{t('rooms.settings.invitesLead')}</p>
      <InviteSearch roomId={room.id} />
      {invites.isPending && <Spinner label={t('common.loading')} />}
      {invites.error && <ErrorNotice error={invites.error} />}
      {invites.data && invites.data.items.length === 0 && <p>{t('rooms.settings.noInvites')}</p>}
      {invites.data && invites.data.items.length > 0 && (
        <ul className="plain-list settings-list">
          {invites.data.items.map((i) => (
            <li key={i.memberId} className="settings-list__item">
              <span>
                {i.displayName}{' '}
                <span className="hint">
                  {t('rooms.settings.invitedAt', { when: formatDateTime(i.invitedAt, i18n.language) })}
                </span>
              </span>
              <Button
                variant="quiet"
                aria-label={t('rooms.settings.uninviteLabel', { name: i.displayName })}
                onPress={() =>
                  uninvite.mutate(i.memberId, {
                    onSuccess: () => toast(t('rooms.settings.uninvited', { name: i.displayName }), 'success'),
                    onError: (e) => toast(e.message, 'error'),
                  })
                }
              >
                {t('rooms.settings.uninvite')}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function BansCard({ room }: { room: Room }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const bans = useBans(room.id, true);
  const lift = useLiftBan(room.id);
  const active = bans.data?.items.filter((b) => b.active) ?? [];
  return (
    <Card title={t('rooms.settings.bans')}>
      {bans.isPending && <Spinner label={t('common.loading')} />}
      {bans.error && <ErrorNotice error={bans.error} />}
      {bans.data && active.length === 0 && <p>{t('rooms.settings.noBans')}</p>}
      {active.length > 0 && (
        <ul className="plain-list settings-list">
          {active.map((b) => (
            <li key={b.id} className="settings-list__item">
              <span>
                <strong>{b.member.displayName}</strong>{' '}
                {t('rooms.settings.banInfo', { until: formatDateTime(b.until, i18n.language), reason: b.reason })}
              </span>
              <Button
                variant="quiet"
                aria-label={t('rooms.settings.liftLabel', { name: b.member.displayName })}
                onPress={() =>
                  lift.mutate(b.id, {
                    onSuccess: () => toast(t('rooms.settings.lifted', { name: b.member.displayName }), 'success'),
                    onError: (e) => toast(e.message, 'error'),
                  })
                }
              >
                {t('rooms.settings.lift')}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function ArchiveCard({ room }: { room: Room }) {
  const { t } = useTranslation();
  const toast = useToast();
  const navigate = useNavigate();
  const archive = useArchiveRoom(room.id);
  const [open, setOpen] = useState(false);
  return (
    <Card title={t('rooms.settings.archive')}>
      <p>{t('rooms.settings.archiveLead')}</p>
      <Button variant="secondary" onPress={() => setOpen(true)}>
        {t('rooms.settings.archiveButton')}
      </Button>
      <Dialog title={t('rooms.settings.archiveTitle', { name: room.name })} isOpen={open} onOpenChange={setOpen}>
        <p>{t('rooms.settings.archiveLead')}</p>
        <Button
          variant="primary"
          isPending={archive.isPending}
          onPress={() =>
            archive.mutate(undefined, {
              onSuccess: () => {
                toast(t('rooms.settings.archived', { name: room.name }), 'success');
                void navigate('/raeume');
              },
              onError: (e) => toast(e instanceof ApiError ? e.problem.title : e.message, 'error'),
            })
          }
        >
          {t('rooms.settings.archiveConfirm')}
        </Button>
      </Dialog>
    </Card>
  );
}
