import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Locale } from '@rotes-netz/shared';
import { currentLanguage, isLocale, setLanguage } from '../i18n/index.ts';
import { useInstance } from '../lib/instance.ts';
import { MenuButton } from '../ui/index.ts';

const LANGUAGE_NAMES: Record<Locale, string> = { de: 'Deutsch', en: 'English' };

/** Language switch and secondary links, with the instance's legal pages. */
export function Footer() {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const { legalPages } = useInstance();
  return (
    <footer className="site-footer">
      <div className="site-footer__inner">
        <div className="site-footer__language">
          <MenuButton
            label={
              <>
                {t('footer.language')}: <span lang={lng}>{LANGUAGE_NAMES[lng]}</span>
              </>
            }
            items={(Object.keys(LANGUAGE_NAMES) as Locale[]).map((id) => ({ id, label: LANGUAGE_NAMES[id], lang: id }))}
            selectedId={lng}
            placement="top start"
            onAction={(id) => {
              if (isLocale(id)) void setLanguage(id);
            }}
          />
        </div>
        <nav aria-label={t('footer.linksLabel')}>
          <ul className="site-footer__links">
            <li>
              <Link to="/">{t('nav.home')}</Link>
            </li>
            <li>
              <Link to="/struktur">{t('nav.structure')}</Link>
            </li>
            {legalPages.map((page) => (
              <li key={page}>
                <Link to={`/${page}`}>{t(`legal.${page}`)}</Link>
              </li>
            ))}
          </ul>
        </nav>
        <p className="site-footer__note">{t('footer.privacy')}</p>
      </div>
    </footer>
  );
}
