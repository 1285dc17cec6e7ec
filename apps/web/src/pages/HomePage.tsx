import { useTranslation } from 'react-i18next';
import { useMe } from '../lib/session.ts';
import { Spinner } from '../ui/index.ts';
import { MyParty } from './MyParty.tsx';
import { Welcome } from './Welcome.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';

/** "/": the welcome for visitors, "Meine Partei" for signed-in members. */
export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return <Spinner label={t('common.loading')} />;
  if (me.isError) return <ErrorNotice error={me.error} />;
  return me.data ? <MyParty me={me.data} /> : <Welcome />;
}
