import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Event } from '@rotes-netz/shared';
import { usePageTitle } from '../../lib/page.ts';
import { ErrorNotice } from '../../pages/ErrorNotice.tsx';
import { Loaded } from '../../pages/Loaded.tsx';
import { RequireSignIn } from '../../pages/RequireSignIn.tsx';
import { Button, Spinner, TextLink } from '../../ui/index.ts';
import { useEventId } from './event-id.ts';
import { useEvent, useQuestions } from './events.api.ts';
import { useEventLive, useFallbackRefetch } from './live.ts';
import { sortBySupport } from './Questions.tsx';
import { formatEventRange } from './time.ts';

/**
 * "/termine/:id/praesentation": the questions on the big screen of the conference — large,
 * high contrast, the most supported first, kept current while it is open.
 */
export function Component() {
  return <RequireSignIn>{() => <PresenterLoader />}</RequireSignIn>;
}

function PresenterLoader() {
  const { t } = useTranslation();
  const id = useEventId();
  const event = useEvent(id);
  usePageTitle(event.data ? t('events.presenter.title', { title: event.data.title }) : null);
  return (
    <Loaded query={event} missing={id === 0} allowed={(e) => e.abilities.moderateQuestions}>
      {(data) => <Presenter event={data} />}
    </Loaded>
  );
}

function Presenter({ event }: { event: Event }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'de';
  // Live: a change to the questions arrives on the socket; only while it is down do we ask again.
  const fallback = useFallbackRefetch();
  const questions = useQuestions(event.id, 'presenter', fallback);
  useEventLive(event.id);
  const stage = useRef<HTMLDivElement>(null);
  const [fullscreen, setFullscreen] = useState(false);

  useEffect(() => {
    const onChange = () => setFullscreen(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  const toggleFullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void stage.current?.requestFullscreen?.();
  };

  const items = questions.data ? sortBySupport(questions.data.items) : [];
  const open = items.filter((q) => q.status === 'open');
  const answered = items.filter((q) => q.status === 'answered');

  return (
    <div className="presenter" ref={stage}>
      <div className="presenter__bar">
        <TextLink to={`/termine/${event.id}/organisation`}>{t('events.event.organise')}</TextLink>
        <Button variant="secondary" onPress={toggleFullscreen}>
          {fullscreen ? t('events.presenter.exitFullscreen') : t('events.presenter.fullscreen')}
        </Button>
      </div>
      <h1 className="presenter__title" tabIndex={-1} data-page-heading="">
        {event.title}
      </h1>
      <p className="presenter__time">{formatEventRange(event.startsAt, event.endsAt, lng)}</p>
      <p className="presenter__live" role="status">
        {fallback === false ? t('events.presenter.live') : t('events.presenter.offline')}
      </p>
      {questions.isPending && <Spinner label={t('common.loading')} />}
      {questions.isError && <ErrorNotice error={questions.error} onRetry={() => void questions.refetch()} />}
      {questions.data && open.length === 0 && <p className="presenter__empty">{t('events.presenter.empty')}</p>}
      <ol className="presenter__list" aria-label={t('events.questions.list')}>
        {open.map((q) => (
          <li key={q.id} className="presenter__question">
            <span className="presenter__count">
              <span aria-hidden="true">{q.supportCount}</span>
              <span className="visually-hidden">{t('events.questions.supportCount', { count: q.supportCount })}</span>
            </span>
            <span className="presenter__body">
              {q.body}
              {q.merged.length > 0 && (
                <span className="presenter__merged">
                  {t('events.questions.alsoAsked')} {q.merged.map((m) => m.body).join(' · ')}
                </span>
              )}
            </span>
          </li>
        ))}
      </ol>
      {answered.length > 0 && (
        <p className="presenter__answered">{t('events.presenter.answeredCount', { count: answered.length })}</p>
      )}
    </div>
  );
}
