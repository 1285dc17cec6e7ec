import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isStatus } from '../../api.ts';
import { usePageTitle } from '../../lib/page.ts';
import { ErrorNotice } from '../../pages/ErrorNotice.tsx';
import { NotFoundPage } from '../../pages/NotFoundPage.tsx';
import { RequireSignIn } from '../../pages/RequireSignIn.tsx';
import { Card, PageHeader, Spinner } from '../../ui/index.ts';
import { useMemberProfile } from './privacy.api.ts';

/** "/mitglieder/:id": a member's profile, as far as they opened it to the viewer. */
export function Component() {
  return <RequireSignIn>{() => <MemberProfileView />}</RequireSignIn>;
}

function MemberProfileView() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const profile = useMemberProfile(id);
  usePageTitle(profile.data?.name ?? t('privacy.member.title'));
  if (isStatus(profile.error, 404) || isStatus(profile.error, 422)) return <NotFoundPage />;
  if (profile.isPending) return <Spinner label={t('common.loading')} />;
  if (profile.isError) return <ErrorNotice error={profile.error} onRetry={() => void profile.refetch()} />;
  const p = profile.data;
  const nothing = !p.about && !p.phone && !p.contactEmail && !p.photoUrl;
  return (
    <>
      <PageHeader title={p.name} />
      <Card>
        {p.photoUrl && (
          <img
            className="profile-photo"
            src={p.photoUrl}
            alt={t('privacy.member.photoOf', { name: p.name })}
            width={160}
            height={160}
          />
        )}
        {p.about && <p className="profile-about">{p.about}</p>}
        {(p.phone || p.contactEmail) && (
          <dl className="details details--compact">
            {p.phone && (
              <div>
                <dt>{t('privacy.profile.fields.phone')}</dt>
                <dd>
                  <a className="link" href={`tel:${p.phone.replace(/[^0-9+]/g, '')}`}>
                    {p.phone}
                  </a>
                </dd>
              </div>
            )}
            {p.contactEmail && (
              <div>
                <dt>{t('privacy.profile.fields.contactEmail')}</dt>
                <dd className="break">
                  <a className="link" href={`mailto:${p.contactEmail}`}>
                    {p.contactEmail}
                  </a>
                </dd>
              </div>
            )}
          </dl>
        )}
        {nothing && <p>{t('privacy.member.nothingShared')}</p>}
      </Card>
    </>
  );
}
