import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventQuestion, ModerateQuestionBody } from '@rotes-netz/shared';
import { ApiError } from '../../api.ts';
import { ErrorNotice } from '../../pages/ErrorNotice.tsx';
import { Button, EmptyState, Spinner, useToast } from '../../ui/index.ts';
import { useModerateQuestion, useQuestions } from './events.api.ts';
import { useEventLive } from './live.ts';
import { shorten, sortBySupport } from './Questions.tsx';

/** The moderator's list: every question, hidden and merged ones included; merge, hide, mark answered. */
export function Moderation({ eventId }: { eventId: number }) {
  const { t } = useTranslation();
  const toast = useToast();
  const questions = useQuestions(eventId, 'moderation');
  const moderate = useModerateQuestion(eventId);
  useEventLive(eventId);

  const run = (questionId: number, body: ModerateQuestionBody) =>
    moderate.mutate(
      { questionId, body },
      {
        onSuccess: () => toast(t('events.workspace.moderated'), 'success'),
        onError: (e) => toast(e instanceof ApiError ? e.problem.title : t('errors.unexpected'), 'error'),
      },
    );

  const items = questions.data ? sortBySupport(questions.data.items) : [];
  const targets = items.filter((q) => q.status === 'open' || q.status === 'answered');

  return (
    <section className="card" aria-labelledby="moderation-title">
      <h2 id="moderation-title" className="card__title">
        {t('events.workspace.moderationTitle')}
      </h2>
      <p className="hint">{t('events.workspace.moderationLead')}</p>
      {questions.isPending && <Spinner label={t('common.loading')} />}
      {questions.isError && <ErrorNotice error={questions.error} onRetry={() => void questions.refetch()} />}
      {questions.data && items.length === 0 && <EmptyState title={t('events.questions.empty')} />}
      <ol className="plain-list question-list">
        {items.map((q) => (
          <li key={q.id}>
            <article className="question" data-status={q.status}>
              <p className="question__body">{q.body}</p>
              <p className="question__meta">
                <span>
                  {q.authorName ? t('events.questions.by', { name: q.authorName }) : t('events.questions.byUnknown')}
                </span>
                <span className="question__count">{t('events.questions.supportCount', { count: q.supportCount })}</span>
                {q.status !== 'open' && (
                  <span className={`badge ${q.status === 'answered' ? 'badge--sent' : ''}`}>
                    {t(`events.questions.${q.status}`)}
                  </span>
                )}
              </p>
              {q.merged.length > 0 && (
                <div className="question__merged">
                  <span className="hint">{t('events.questions.alsoAsked')}</span>
                  <ul>
                    {q.merged.map((m) => (
                      <li key={m.id}>{m.body}</li>
                    ))}
                  </ul>
                </div>
              )}
              {q.status !== 'merged' && (
                <div className="button-row">
                  {q.status !== 'hidden' && (
                    <Button onPress={() => run(q.id, { answered: q.status !== 'answered' })}>
                      {q.status === 'answered' ? t('events.workspace.markOpen') : t('events.workspace.markAnswered')}
                    </Button>
                  )}
                  <Button variant="quiet" onPress={() => run(q.id, { hidden: q.status !== 'hidden' })}>
                    {q.status === 'hidden' ? t('events.workspace.show') : t('events.workspace.hide')}
                  </Button>
                  {q.status !== 'hidden' && (
                    <MergeControl
                      question={q}
                      targets={targets.filter((x) => x.id !== q.id)}
                      onMerge={(into) => run(q.id, { mergeIntoId: into })}
                    />
                  )}
                </div>
              )}
            </article>
          </li>
        ))}
      </ol>
    </section>
  );
}

function MergeControl({
  question,
  targets,
  onMerge,
}: {
  question: EventQuestion;
  targets: EventQuestion[];
  onMerge: (intoId: number) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [into, setInto] = useState('');
  if (targets.length === 0) return null;
  return (
    <span className="merge-control">
      <label className="visually-hidden" htmlFor={id}>
        {t('events.workspace.mergeFor', { body: shorten(question.body, 60) })}
      </label>
      <select
        id={id}
        className="field__input field__input--compact"
        value={into}
        onChange={(e) => setInto(e.target.value)}
      >
        <option value="">{t('events.workspace.mergeChoose')}</option>
        {targets.map((x) => (
          <option key={x.id} value={String(x.id)}>
            {shorten(x.body, 60)}
          </option>
        ))}
      </select>
      <Button isDisabled={into === ''} onPress={() => onMerge(Number(into))}>
        {t('events.workspace.merge')}
      </Button>
    </span>
  );
}
