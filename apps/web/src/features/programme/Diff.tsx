import { useTranslation } from 'react-i18next';
import type { DiffPart } from '@rotes-netz/shared';

/**
 * An amendment's change as inline text: deletions struck through, insertions underlined, each
 * also named for screen readers (colour alone carries no meaning).
 */
export function Diff({ parts }: { parts: DiffPart[] }) {
  const { t } = useTranslation();
  return (
    <p className="diff">
      {parts.map((part, i) =>
        part.type === 'insert' ? (
          <ins key={i} className="diff__insert">
            <span className="visually-hidden">{t('programme.diff.inserted')} </span>
            {part.text}
          </ins>
        ) : part.type === 'delete' ? (
          <del key={i} className="diff__delete">
            <span className="visually-hidden">{t('programme.diff.deleted')} </span>
            {part.text}
          </del>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </p>
  );
}
