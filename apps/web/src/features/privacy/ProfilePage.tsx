import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { BOARD_ROLES, type Me, type MyProfile, type ProfileVisibility, type Visibility } from '@rotes-netz/shared';
import { usePageTitle } from '../../lib/page.ts';
import { RequireSignIn } from '../../pages/RequireSignIn.tsx';
import { ErrorNotice } from '../../pages/ErrorNotice.tsx';
import { Button, Card, ErrorSummary, fieldErrors, PageHeader, Spinner, TextField, useToast } from '../../ui/index.ts';
import { ApiError } from '../../api.ts';
import { useMyProfile, useRemovePhoto, useUpdateProfile, useUploadPhoto } from './privacy.api.ts';

const LEVELS: Visibility[] = ['nobody', 'units', 'all'];

/** "/konto/profil": one's profile, who may see each field, and the photo. */
export function Component() {
  return <RequireSignIn>{(me) => <Profile me={me} />}</RequireSignIn>;
}

function Profile({ me }: { me: Me }) {
  const { t } = useTranslation();
  usePageTitle(t('privacy.profile.title'));
  const profile = useMyProfile();
  return (
    <>
      <PageHeader title={t('privacy.profile.title')} lead={t('privacy.profile.lead')} />
      {profile.isPending && <Spinner label={t('common.loading')} />}
      {profile.isError && <ErrorNotice error={profile.error} onRetry={() => void profile.refetch()} />}
      {profile.data && (
        <>
          <ProfileForm profile={profile.data} />
          <PhotoCard profile={profile.data} />
          <p>
            <Link className="link" to={`/mitglieder/${profile.data.memberId}`}>
              {t('privacy.profile.viewPublic')}
            </Link>
          </p>
        </>
      )}
      <BoardUnits me={me} />
    </>
  );
}

function VisibilityGroup({
  field,
  value,
  onChange,
}: {
  field: keyof ProfileVisibility;
  value: Visibility;
  onChange: (v: Visibility) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="field visibility">
      <legend className="field__label">
        {t('privacy.profile.visibilityOf', { field: t(`privacy.profile.fields.${field}`) })}
      </legend>
      {LEVELS.map((level) => (
        <label key={level} className="visibility__option">
          <input
            type="radio"
            name={`visibility-${field}`}
            value={level}
            checked={value === level}
            onChange={() => onChange(level)}
          />{' '}
          {t(`privacy.visibility.${level}`)}
        </label>
      ))}
    </fieldset>
  );
}

function ProfileForm({ profile }: { profile: MyProfile }) {
  const { t } = useTranslation();
  const toast = useToast();
  const update = useUpdateProfile();
  const [about, setAbout] = useState(profile.about ?? '');
  const [phone, setPhone] = useState(profile.phone ?? '');
  const [contactEmail, setContactEmail] = useState(profile.contactEmail ?? '');
  const [visibility, setVisibility] = useState(profile.visibility);
  const errors = fieldErrors(update.error);
  const setLevel = (field: keyof ProfileVisibility) => (level: Visibility) =>
    setVisibility((v) => ({ ...v, [field]: level }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      { about: about || null, phone: phone || null, contactEmail: contactEmail || null, visibility },
      { onSuccess: () => toast(t('privacy.profile.saved'), 'success') },
    );
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="profile-form-title">
      <h2 id="profile-form-title">{t('privacy.profile.details')}</h2>
      {update.error instanceof ApiError && (
        <ErrorSummary
          title={update.error.problem.title}
          fields={Object.entries(errors).map(([name, message]) => ({ id: `profile-${name}`, message }))}
        />
      )}
      <div className="field">
        <label className="field__label" htmlFor="profile-about">
          {t('privacy.profile.fields.about')}
        </label>
        <textarea
          id="profile-about"
          className="field__input"
          rows={4}
          maxLength={500}
          value={about}
          aria-describedby="profile-about-hint"
          aria-invalid={errors.about ? true : undefined}
          onChange={(e: ChangeEvent<HTMLTextAreaElement>) => setAbout(e.target.value)}
        />
        <p id="profile-about-hint" className="field__description">
          {t('privacy.profile.aboutHint', { count: 500 - about.length })}
        </p>
      </div>
      <VisibilityGroup field="about" value={visibility.about} onChange={setLevel('about')} />
      <TextField
        id="profile-phone"
        label={t('privacy.profile.fields.phone')}
        type="tel"
        value={phone}
        onChange={setPhone}
        errorMessage={errors.phone}
      />
      <VisibilityGroup field="phone" value={visibility.phone} onChange={setLevel('phone')} />
      <TextField
        id="profile-contactEmail"
        label={t('privacy.profile.fields.contactEmail')}
        type="email"
        value={contactEmail}
        onChange={setContactEmail}
        errorMessage={errors.contactEmail}
      />
      <VisibilityGroup field="contactEmail" value={visibility.contactEmail} onChange={setLevel('contactEmail')} />
      <VisibilityGroup field="photo" value={visibility.photo} onChange={setLevel('photo')} />
      <div>
        <Button type="submit" variant="primary" isPending={update.isPending}>
          {t('privacy.profile.save')}
        </Button>
      </div>
    </form>
  );
}

function PhotoCard({ profile }: { profile: MyProfile }) {
  const { t } = useTranslation();
  const toast = useToast();
  const upload = useUploadPhoto();
  const remove = useRemovePhoto();
  // A new query string after each change, so the browser does not show the old picture.
  const [version, setVersion] = useState(0);

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    upload.mutate(file, {
      onSuccess: () => {
        setVersion((v) => v + 1);
        toast(t('privacy.photo.uploaded'), 'success');
      },
      onError: (error) => toast(error.message, 'error'),
    });
  };

  return (
    <Card title={t('privacy.photo.title')}>
      {profile.hasPhoto ? (
        <img
          className="profile-photo"
          src={`/api/v1/members/${profile.memberId}/photo?r=${version}`}
          alt={t('privacy.photo.alt')}
          width={160}
          height={160}
        />
      ) : (
        <p>{t('privacy.photo.none')}</p>
      )}
      <div className="field">
        <label className="field__label" htmlFor="profile-photo">
          {t('privacy.photo.choose')}
        </label>
        <input
          id="profile-photo"
          type="file"
          accept="image/jpeg,image/png,image/webp"
          aria-describedby="profile-photo-hint"
          onChange={choose}
        />
        <p id="profile-photo-hint" className="field__description">
          {t('privacy.photo.hint')}
        </p>
      </div>
      {upload.isPending && <Spinner label={t('privacy.photo.uploading')} />}
      {profile.hasPhoto && (
        <Button
          isPending={remove.isPending}
          onPress={() => remove.mutate(undefined, { onSuccess: () => toast(t('privacy.photo.removed'), 'success') })}
        >
          {t('privacy.photo.remove')}
        </Button>
      )}
    </Card>
  );
}

/** Where the member sits on a board: the way to that unit's roles page. */
function BoardUnits({ me }: { me: Me }) {
  const { t } = useTranslation();
  const led = me.memberships.filter((m) => m.roles.some((r) => BOARD_ROLES.includes(r) || r === 'lv_admin'));
  if (led.length === 0) return null;
  return (
    <Card title={t('privacy.roles.myBoards')}>
      <ul className="plain-list">
        {led.map((m) => (
          <li key={m.unit.id}>
            <Link className="link" to={`/struktur/${m.unit.id}/rollen`}>
              {t('privacy.roles.manageIn', { unit: m.unit.name })}
            </Link>
          </li>
        ))}
      </ul>
    </Card>
  );
}
