import { useTranslation } from 'react-i18next';
import { useInstance } from '../lib/instance.ts';
import { usePageTitle } from '../lib/page.ts';
import { ButtonLink, Card, PageHeader } from '../ui/index.ts';

/** Demo accounts created by the server's demo seed (see the README); all share one password. */
const DEMO_ACCOUNTS = [
  { email: 'mitglied@demo.rotes-netz.de', key: 'member' },
  { email: 'vorsitz@demo.rotes-netz.de', key: 'chair' },
  { email: 'regionalzentrum@demo.rotes-netz.de', key: 'rzStaff' },
  { email: 'admin@demo.rotes-netz.de', key: 'admin' },
] as const;
const DEMO_PASSWORD = 'rotes-netz-demo';

const FEATURES = ['rooms', 'programme', 'trainings'] as const;

/** The signed-out home page: what the platform is for, and the way in. */
export function Welcome() {
  const { t } = useTranslation();
  const instance = useInstance();
  usePageTitle(t('welcome.pageTitle'));

  return (
    <>
      <PageHeader
        title={t('welcome.title')}
        lead={t('welcome.lead', { name: instance.name })}
        actions={
          <ButtonLink to="/anmelden" variant="primary">
            {t('welcome.signIn')}
          </ButtonLink>
        }
      />
      <ul className="feature-grid">
        {FEATURES.map((key) => (
          <li key={key} className="card">
            <h2 className="card__title">{t(`welcome.features.${key}.title`)}</h2>
            <p>{t(`welcome.features.${key}.text`)}</p>
          </li>
        ))}
      </ul>
      <Card title={t('welcome.membersOnly.title')}>
        <p>{t('welcome.membersOnly.text')}</p>
      </Card>
      {instance.demo && (
        <aside className="demo-note" aria-labelledby="demo-note-title">
          <h2 id="demo-note-title" className="demo-note__title">
            {t('welcome.demo.title')}
          </h2>
          <p>{t('welcome.demo.text')}</p>
          <ul className="demo-note__list">
            {DEMO_ACCOUNTS.map((account) => (
              <li key={account.email}>
                <code>{account.email}</code> – {t(`welcome.demo.accounts.${account.key}`)}
              </li>
            ))}
          </ul>
          <p>
            {t('welcome.demo.password')} <code>{DEMO_PASSWORD}</code>
          </p>
        </aside>
      )}
    </>
  );
}
