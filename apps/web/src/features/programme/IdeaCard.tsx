import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Idea } from '@rotes-netz/shared';
import { formatDateTime } from '../../lib/format.ts';
import { IdeaSupport } from './IdeaSupport.tsx';

/** One idea in a list: title, chapter, who, status, supports (with the button to support it) and comments. */
export function IdeaCard({ idea }: { idea: Idea }) {
  const { t, i18n } = useTranslation();
  return (
    <li className="idea-card">
      <h2>
        <Link className="link" to={`/programm/${idea.processId}/ideen/${idea.id}`}>
          {idea.title}
        </Link>
      </h2>
      <p className="idea-card__meta">
        <span className="status-tag">{t(`programme.status.${idea.status}`)}</span> · {idea.chapter.title} ·{' '}
        {idea.unit?.name ?? idea.author?.displayName ?? t('programme.unknownAuthor')} ·{' '}
        {formatDateTime(idea.createdAt, i18n.language)}
      </p>
      <IdeaSupport idea={idea} inList />
    </li>
  );
}
