import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../lib/page.ts';
import { ErrorNotice } from '../../pages/ErrorNotice.tsx';
import { RequireSignIn } from '../../pages/RequireSignIn.tsx';
import { PageHeader, Spinner } from '../../ui/index.ts';
import { useSecurity } from './api.ts';
import { PasskeysCard } from './PasskeysCard.tsx';
import { useReauthentication } from './reauth.tsx';
import { SessionsCard } from './SessionsCard.tsx';
import { TotpCard } from './TotpCard.tsx';
import './security.css';

/** "/konto/sicherheit": sessions, authenticator app with recovery codes, passkeys. */
export function Component() {
  const { t } = useTranslation();
  usePageTitle(t('security.title'));
  return (
    <RequireSignIn>
      {() => (
        <div className="narrow">
          <PageHeader title={t('security.title')} lead={t('security.lead')} />
          <Settings />
        </div>
      )}
    </RequireSignIn>
  );
}

function Settings() {
  const { t } = useTranslation();
  const overview = useSecurity();
  const { run, dialog } = useReauthentication();
  if (overview.isPending) return <Spinner label={t('common.loading')} />;
  if (overview.isError) return <ErrorNotice error={overview.error} onRetry={() => void overview.refetch()} />;
  const data = overview.data;
  const hasFactor = data.totp.enabled || data.passkeys.length > 0;
  return (
    <>
      {data.secondFactorRequired && !hasFactor && (
        <div className="notice" role="status">
          {t('security.required')}
        </div>
      )}
      <TotpCard overview={data} run={run} />
      <PasskeysCard overview={data} run={run} />
      <SessionsCard />
      {dialog}
    </>
  );
}
