import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, useToast } from '../../ui/index.ts';

/** Recovery codes, shown once: copy, download as .txt, and confirm they are kept safe. */
export function RecoveryCodesPanel({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [saved, setSaved] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const text = codes.join('\n') + '\n';

  useEffect(() => heading.current?.focus(), []);

  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'wiederherstellungscodes.txt';
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <div className="recovery-codes">
      <h3 ref={heading} tabIndex={-1}>
        {t('security.codes.title')}
      </h3>
      <p>{t('security.codes.lead')}</p>
      <ul className="recovery-codes__list" aria-label={t('security.codes.title')}>
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <div className="button-row">
        <Button
          variant="secondary"
          onPress={() =>
            void navigator.clipboard.writeText(text).then(
              () => toast(t('security.codes.copied'), 'success'),
              () => toast(t('security.codes.copyFailed'), 'error'),
            )
          }
        >
          {t('security.codes.copy')}
        </Button>
        <Button variant="secondary" onPress={download}>
          {t('security.codes.download')}
        </Button>
      </div>
      <p>
        <label className="security-check">
          <input type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} />{' '}
          {t('security.codes.saved')}
        </label>
      </p>
      <Button variant="primary" isDisabled={!saved} onPress={onDone}>
        {t('security.codes.done')}
      </Button>
    </div>
  );
}
