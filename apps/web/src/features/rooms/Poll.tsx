/**
 * Polls (Meinungsbild): the fields of a new poll, and a thread's poll with voting and results.
 * Results are a list of text ("Ja: 3 Stimmen, 60 %") with a bar beside each for the eye; the bar
 * is a <meter>, so assistive technology reads the same number.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, useToast } from '../../ui/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useClosePoll, useVote } from './rooms.api.ts';
import type { PollInput, PollView } from './rooms.types.ts';

export interface PollDraft {
  enabled: boolean;
  question: string;
  options: string[];
  multiple: boolean;
  secret: boolean;
  resultsVisibility: 'after_vote' | 'after_close';
  closesAt: string;
}

export const emptyPoll = (): PollDraft => ({
  enabled: false,
  question: '',
  options: ['', ''],
  multiple: false,
  secret: false,
  resultsVisibility: 'after_vote',
  closesAt: '',
});

/** The poll to send, or null when none was asked for; `problem` names what is missing. */
export function pollInput(draft: PollDraft): { poll: PollInput | null; problem: string | null } {
  if (!draft.enabled) return { poll: null, problem: null };
  const options = draft.options.map((o) => o.trim()).filter((o) => o !== '');
  if (draft.question.trim() === '') return { poll: null, problem: 'rooms.poll.questionMissing' };
  if (options.length < 2) return { poll: null, problem: 'rooms.poll.optionsMissing' };
  return {
    poll: {
      question: draft.question.trim(),
      options,
      multiple: draft.multiple,
      secret: draft.secret,
      resultsVisibility: draft.resultsVisibility,
      closesAt: draft.closesAt ? new Date(draft.closesAt).toISOString() : null,
    },
    problem: null,
  };
}

export function PollFields({
  value,
  onChange,
  problem,
}: {
  value: PollDraft;
  onChange: (v: PollDraft) => void;
  problem: string | null;
}) {
  const { t } = useTranslation();
  const set = (patch: Partial<PollDraft>) => onChange({ ...value, ...patch });
  return (
    <div className="poll-fields">
      <label className="choice">
        <input type="checkbox" checked={value.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
        <span>{t('rooms.poll.add')}</span>
      </label>
      {value.enabled && (
        <fieldset className="poll-fields__set">
          <legend className="field__label">{t('rooms.poll.legend')}</legend>
          {problem && (
            <p className="field__error" role="alert">
              {t(problem)}
            </p>
          )}
          <div className="field">
            <label className="field__label" htmlFor="poll-question">
              {t('rooms.poll.question')}
            </label>
            <input
              id="poll-question"
              className="field__input"
              maxLength={300}
              value={value.question}
              onChange={(e) => set({ question: e.target.value })}
            />
          </div>
          {value.options.map((option, i) => (
            <div key={i} className="field poll-fields__option">
              <label className="field__label" htmlFor={`poll-option-${i}`}>
                {t('rooms.poll.option', { n: i + 1 })}
              </label>
              <div className="poll-fields__row">
                <input
                  id={`poll-option-${i}`}
                  className="field__input"
                  maxLength={200}
                  value={option}
                  onChange={(e) => set({ options: value.options.map((o, j) => (j === i ? e.target.value : o)) })}
                />
                {value.options.length > 2 && (
                  <Button
                    variant="quiet"
                    aria-label={t('rooms.poll.removeOption', { n: i + 1 })}
                    onPress={() => set({ options: value.options.filter((_, j) => j !== i) })}
                  >
                    {t('rooms.poll.remove')}
                  </Button>
                )}
              </div>
            </div>
          ))}
          {value.options.length < 20 && (
            <Button variant="secondary" onPress={() => set({ options: [...value.options, ''] })}>
              {t('rooms.poll.addOption')}
            </Button>
          )}
          <label className="choice">
            <input type="checkbox" checked={value.multiple} onChange={(e) => set({ multiple: e.target.checked })} />
            <span>{t('rooms.poll.multiple')}</span>
          </label>
          <label className="choice">
            <input type="checkbox" checked={value.secret} onChange={(e) => set({ secret: e.target.checked })} />
            <span>
              {t('rooms.poll.secret')}
              <span className="choice__hint">{t('rooms.poll.secretHint')}</span>
            </span>
          </label>
          <fieldset className="choice-group">
            <legend className="field__label">{t('rooms.poll.results')}</legend>
            {(['after_vote', 'after_close'] as const).map((v) => (
              <label key={v} className="choice">
                <input
                  type="radio"
                  name="poll-results"
                  checked={value.resultsVisibility === v}
                  onChange={() => set({ resultsVisibility: v })}
                />
                <span>{t(`rooms.poll.${v}`)}</span>
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label className="field__label" htmlFor="poll-closes">
              {t('rooms.poll.closesAt')}
            </label>
            <input
              id="poll-closes"
              type="datetime-local"
              className="field__input"
              value={value.closesAt}
              onChange={(e) => set({ closesAt: e.target.value })}
            />
          </div>
        </fieldset>
      )}
    </div>
  );
}

/** A thread's poll: the vote form until the member has voted (or it closed), then the results. */
export function PollPanel({ poll, threadId, canModerate }: { poll: PollView; threadId: number; canModerate: boolean }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const vote = useVote(threadId);
  const close = useClosePoll(threadId);
  const [choice, setChoice] = useState<number[]>(poll.myVote);
  const [changing, setChanging] = useState(false);
  const voted = poll.myVote.length > 0;
  const showForm = !poll.closed && (!voted || changing);
  const resultsVisible = poll.totalVoters !== null;
  const headingId = `poll-${poll.id}`;

  const submit = () =>
    vote.mutate(
      { pollId: poll.id, optionIds: choice },
      {
        onSuccess: () => {
          setChanging(false);
          toast(t('rooms.poll.voted'), 'success');
        },
        onError: (e) => toast(e.message, 'error'),
      },
    );

  return (
    <section className="poll" aria-labelledby={headingId}>
      <h2 id={headingId} className="poll__question">
        <span className="poll__kind">{t('rooms.poll.kind')}</span> {poll.question}
      </h2>
      <p className="hint">
        {[
          poll.multiple ? t('rooms.poll.multipleInfo') : t('rooms.poll.singleInfo'),
          poll.secret ? t('rooms.poll.secretInfo') : t('rooms.poll.openInfo'),
          poll.closed
            ? t('rooms.poll.closed')
            : poll.closesAt
              ? t('rooms.poll.closesInfo', { when: formatDateTime(poll.closesAt, i18n.language) })
              : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {showForm ? (
        <form
          className="poll__form"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <fieldset className="choice-group">
            <legend className="visually-hidden">{poll.question}</legend>
            {poll.options.map((o) => (
              <label key={o.id} className="choice">
                <input
                  type={poll.multiple ? 'checkbox' : 'radio'}
                  name={`poll-${poll.id}`}
                  checked={choice.includes(o.id)}
                  onChange={(e) =>
                    setChoice(
                      poll.multiple
                        ? e.target.checked
                          ? [...choice, o.id]
                          : choice.filter((c) => c !== o.id)
                        : [o.id],
                    )
                  }
                />
                <span>{o.label}</span>
              </label>
            ))}
          </fieldset>
          <div className="poll__actions">
            <Button type="submit" variant="primary" isPending={vote.isPending} isDisabled={choice.length === 0}>
              {t('rooms.poll.vote')}
            </Button>
            {changing && (
              <Button variant="quiet" onPress={() => setChanging(false)}>
                {t('rooms.cancel')}
              </Button>
            )}
          </div>
        </form>
      ) : null}
      {resultsVisible && !showForm && (
        <>
          <ul className="poll__results">
            {poll.options.map((o) => {
              const votes = o.votes ?? 0;
              const total = poll.totalVoters ?? 0;
              const percent = total > 0 ? Math.round((votes / total) * 100) : 0;
              const mine = poll.myVote.includes(o.id);
              return (
                <li key={o.id} className="poll__result">
                  <div className="poll__result-text">
                    <span>
                      {o.label}
                      {mine && <span className="poll__mine"> ({t('rooms.poll.yourVote')})</span>}
                    </span>
                    <span>{t('rooms.poll.votes', { count: votes, percent })}</span>
                  </div>
                  <meter className="poll__bar" min={0} max={Math.max(total, 1)} value={votes} aria-label={o.label} />
                  {o.voters && o.voters.length > 0 && (
                    <p className="hint">
                      {t('rooms.poll.voters', { names: o.voters.map((v) => v.displayName).join(', ') })}
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
          <p className="hint">{t('rooms.poll.total', { count: poll.totalVoters ?? 0 })}</p>
        </>
      )}
      {!resultsVisible && voted && !showForm && <p>{t('rooms.poll.resultsLater')}</p>}
      <div className="poll__actions">
        {voted && !poll.closed && !changing && (
          <Button
            variant="secondary"
            onPress={() => {
              setChoice(poll.myVote);
              setChanging(true);
            }}
          >
            {t('rooms.poll.change')}
          </Button>
        )}
        {canModerate && !poll.closed && (
          <Button
            variant="quiet"
            isPending={close.isPending}
            onPress={() => close.mutate(poll.id, { onError: (e) => toast(e.message, 'error') })}
          >
            {t('rooms.poll.close')}
          </Button>
        )}
      </div>
    </section>
  );
}
