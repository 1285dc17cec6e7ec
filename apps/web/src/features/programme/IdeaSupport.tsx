import { useTranslation } from 'react-i18next';
import type { Idea } from '@rotes-netz/shared';
import { Button, useToast } from '../../ui/index.ts';
import { useIdeaSupport } from './programme.api.ts';

/**
 * The count of supports and, when the member may, the button to support an idea or withdraw it —
 * on the idea's page and on every card of the list. On a card the button names the idea too (its
 * accessible name starts with the visible text, WCAG 2.5.3), as a list holds many such buttons.
 */
export function IdeaSupport({ idea, inList = false }: { idea: Idea; inList?: boolean }) {
  const { t } = useTranslation();
  const toast = useToast();
  const support = useIdeaSupport(idea.id);
  const action = idea.supported ? t('programme.ideas.supported') : t('programme.ideas.support');
  return (
    <p className={inList ? 'idea-card__meta idea-support' : 'idea-support'}>
      <span aria-live="polite">{t('programme.ideas.supports', { count: idea.supportCount })}</span>
      {inList && <> · {t('programme.ideas.comments', { count: idea.commentCount })}</>}{' '}
      {idea.permissions.support && (
        <Button
          variant={idea.supported ? 'secondary' : 'primary'}
          isPending={support.isPending}
          aria-pressed={idea.supported}
          {...(inList ? { 'aria-label': t('programme.ideas.actionFor', { action, title: idea.title }) } : {})}
          onPress={() => support.mutate(!idea.supported, { onError: (e) => toast(e.message, 'error') })}
        >
          {action}
        </Button>
      )}
    </p>
  );
}
