import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Event, EventQuestion } from '@rotes-netz/shared';
import { ApiError } from '../../api.ts';
import { ErrorNotice } from '../../pages/ErrorNotice.tsx';
import { Button, ErrorSummary, fieldErrors, Spinner, useToast } from '../../ui/index.ts';
import { useAskQuestion, useQuestions, useSupportQuestion } from './events.api.ts';
import { useEventLive } from './live.ts';

const MAX_LENGTH = 1000;

/** Questions and suggestions on the event page: ask one, support others', sorted by support. */
export function Questions({ event }: { event: Event }) {
  const { t } = useTranslation();
  const headingId = useId();
  const questions = useQuestions(event.id, 'member');
  useEventLive(event.id);

  return (
    <section className="event-questions" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('events.questions.title')}</h2>
      <p className="hint">{t('events.questions.lead')}</p>
      {event.abilities.askQuestion ? (
        <AskForm eventId={event.id} />
      ) : (
        <p className="hint">{t('events.questions.closed')}</p>
      )}
      {questions.isPending && <Spinner label={t('common.loading')} />}
      {questions.isError && <ErrorNotice error={questions.error} onRetry={() => void questions.refetch()} />}
      {questions.data &&
        (questions.data.items.length === 0 ? (
          <p className="hint">{t('events.questions.empty')}</p>
        ) : (
          <ol className="plain-list question-list" aria-label={t('events.questions.list')}>
            {sortBySupport(questions.data.items).map((q) => (
              <li key={q.id}>
                <QuestionItem eventId={event.id} question={q} />
              </li>
            ))}
          </ol>
        ))}
    </section>
  );
}

/** Most supported first; among equals the earlier question. The API sorts too; this keeps it so after a change. */
export function sortBySupport(items: EventQuestion[]): EventQuestion[] {
  return [...items].sort((a, b) => b.supportCount - a.supportCount || a.createdAt.localeCompare(b.createdAt));
}

function AskForm({ eventId }: { eventId: number }) {
  const { t } = useTranslation();
  const toast = useToast();
  const ask = useAskQuestion(eventId);
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | undefined>();
  const id = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (body.trim() === '') return setError(t('events.questions.empty_body'));
    ask.mutate(body.trim(), {
      onSuccess: () => {
        setBody('');
        toast(t('events.questions.submitted'), 'success');
      },
      onError: (e) => setError(fieldErrors(e).body),
    });
  };

  return (
    <form className="form question-form" onSubmit={submit} noValidate aria-label={t('events.questions.ask')}>
      {ask.error instanceof ApiError && !fieldErrors(ask.error).body && (
        <ErrorSummary title={ask.error.problem.title} />
      )}
      <div className="field">
        <label className="field__label" htmlFor={`${id}-body`}>
          {t('events.questions.ask')}
        </label>
        <span id={`${id}-hint`} className="field__description">
          {t('events.questions.askHint')}
        </span>
        <textarea
          id={`${id}-body`}
          className="field__input field__textarea"
          rows={3}
          maxLength={MAX_LENGTH}
          value={body}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          onChange={(e) => {
            setBody(e.target.value);
            setError(undefined);
          }}
        />
        {error && (
          <span id={`${id}-error`} className="field__error">
            {error}
          </span>
        )}
      </div>
      <Button type="submit" variant="primary" isPending={ask.isPending}>
        {t('events.questions.submit')}
      </Button>
    </form>
  );
}

function QuestionItem({ eventId, question }: { eventId: number; question: EventQuestion }) {
  const { t } = useTranslation();
  const toast = useToast();
  const support = useSupportQuestion(eventId);
  const toggle = () =>
    support.mutate(
      { questionId: question.id, support: !question.supportedByMe },
      { onError: (e) => toast(e instanceof ApiError ? e.problem.title : t('errors.unexpected'), 'error') },
    );
  return (
    <article className="question" data-answered={question.status === 'answered' || undefined}>
      <p className="question__body">{question.body}</p>
      {question.merged.length > 0 && (
        <div className="question__merged">
          <span className="hint">{t('events.questions.alsoAsked')}</span>
          <ul>
            {question.merged.map((m) => (
              <li key={m.id}>{m.body}</li>
            ))}
          </ul>
        </div>
      )}
      <p className="question__meta">
        <span>
          {question.authorName
            ? t('events.questions.by', { name: question.authorName })
            : t('events.questions.byUnknown')}
        </span>
        {question.mine && <span className="badge">{t('events.questions.mine')}</span>}
        {question.status === 'answered' && <span className="badge badge--sent">{t('events.questions.answered')}</span>}
        <span className="question__count">{t('events.questions.supportCount', { count: question.supportCount })}</span>
      </p>
      {!question.mine && question.status === 'open' && (
        <Button
          variant={question.supportedByMe ? 'primary' : 'secondary'}
          aria-pressed={question.supportedByMe}
          aria-label={t('events.questions.supportFor', { body: shorten(question.body) })}
          isPending={support.isPending}
          onPress={toggle}
        >
          {question.supportedByMe && <span aria-hidden="true">✓ </span>}
          {t('events.questions.support')}
        </Button>
      )}
    </article>
  );
}

/** A question's start, for labels that must stay short. */
export function shorten(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
