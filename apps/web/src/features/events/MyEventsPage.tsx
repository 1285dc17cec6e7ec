import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { usePageTitle } from '../../lib/page.ts';
import { ErrorNotice } from '../../pages/ErrorNotice.tsx';
import { RequireSignIn } from '../../pages/RequireSignIn.tsx';
import { Button, ButtonLink, EmptyState, PageHeader, Spinner, useToast } from '../../ui/index.ts';
import { useCalendarFeed, useCreateCalendarFeed, useMyEvents, useRevokeCalendarFeed } from './events.api.ts';
import { EventItem } from './EventItem.tsx';
import { Choice } from './fields.tsx';
import { formatDateTime } from '../../lib/format.ts';

/** "/meine-termine": the events the member registered for, and the personal calendar feed. */
export function Component() {
  const { t } = useTranslation();
  usePageTitle(t('events.mine.title'));
  return (
    <RequireSignIn>
      {() => (
        <>
          <PageHeader title={t('events.mine.title')} lead={t('events.mine.lead')} />
          <MyList when="upcoming" />
          <FeedCard />
          <MyList when="past" />
        </>
      )}
    </RequireSignIn>
  );
}

function MyList({ when }: { when: 'upcoming' | 'past' }) {
  const { t } = useTranslation();
  const list = useMyEvents(when);
  const title = when === 'upcoming' ? t('events.mine.upcoming') : t('events.mine.past');
  return (
    <section className="my-events" aria-labelledby={`my-${when}`}>
      <h2 id={`my-${when}`}>{title}</h2>
      {list.isPending && <Spinner label={t('common.loading')} />}
      {list.isError && <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />}
      {list.data &&
        (list.data.items.length === 0 ? (
          <EmptyState title={when === 'upcoming' ? t('events.mine.empty') : t('events.mine.emptyPast')}>
            {when === 'upcoming' && (
              <ButtonLink to="/termine" variant="secondary">
                {t('events.mine.browse')}
              </ButtonLink>
            )}
          </EmptyState>
        ) : (
          <ul className="plain-list event-list">
            {list.data.items.map((event) => (
              <li key={event.id}>
                <EventItem event={event} dated />
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}

function FeedCard() {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'de';
  const toast = useToast();
  const feed = useCalendarFeed();
  const create = useCreateCalendarFeed();
  const revoke = useRevokeCalendarFeed();
  const [includeMeetingData, setIncludeMeetingData] = useState(false);
  const [url, setUrl] = useState<string | null>(null);
  const fail = (e: unknown) => toast(e instanceof ApiError ? e.problem.title : t('errors.unexpected'), 'error');

  const make = () =>
    create.mutate(includeMeetingData, {
      onSuccess: (r) => {
        setUrl(r.url ?? null);
        toast(t('events.mine.feedCreated'), 'success');
      },
      onError: fail,
    });

  const copy = async () => {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      toast(t('events.mine.copied'), 'success');
    } catch {
      // No clipboard (insecure context, refused): the field is selected for copying by hand.
      document.getElementById('feed-url')?.focus();
    }
  };

  return (
    <section className="card" aria-labelledby="feed-title">
      <h2 id="feed-title" className="card__title">
        {t('events.mine.feedTitle')}
      </h2>
      <p>{t('events.mine.feedLead')}</p>
      {feed.isPending && <Spinner label={t('common.loading')} />}
      {feed.isError && <ErrorNotice error={feed.error} onRetry={() => void feed.refetch()} />}
      {feed.data && (
        <>
          {feed.data.active && feed.data.createdAt ? (
            <p>
              {t('events.mine.feedActive', { time: formatDateTime(feed.data.createdAt, lng) })}{' '}
              {feed.data.includeMeetingData ? t('events.mine.feedWithMeeting') : t('events.mine.feedWithoutMeeting')}
            </p>
          ) : (
            <p>{t('events.mine.feedInactive')}</p>
          )}
          {url && (
            <div className="field feed-url">
              <label className="field__label" htmlFor="feed-url">
                {t('events.mine.feedUrl')}
              </label>
              <span id="feed-url-hint" className="field__description">
                {t('events.mine.feedUrlHint')}
              </span>
              <input
                id="feed-url"
                className="field__input"
                readOnly
                value={url}
                aria-describedby="feed-url-hint"
                onFocus={(e) => e.currentTarget.select()}
              />
              <div>
                <Button onPress={() => void copy()}>{t('events.mine.copy')}</Button>
              </div>
            </div>
          )}
          <div className="field">
            <Choice
              type="checkbox"
              label={t('events.mine.includeMeetingData')}
              aria-describedby="feed-meeting-hint"
              checked={includeMeetingData}
              onChange={(e) => setIncludeMeetingData(e.target.checked)}
            />
            <span id="feed-meeting-hint" className="field__description">
              {t('events.mine.includeMeetingHint')}
            </span>
          </div>
          <div className="button-row">
            <Button variant="primary" isPending={create.isPending} onPress={make}>
              {feed.data.active ? t('events.mine.renewFeed') : t('events.mine.createFeed')}
            </Button>
            {feed.data.active && (
              <Button
                isPending={revoke.isPending}
                onPress={() =>
                  revoke.mutate(undefined, {
                    onSuccess: () => {
                      setUrl(null);
                      toast(t('events.mine.feedRevoked'), 'success');
                    },
                    onError: fail,
                  })
                }
              >
                {t('events.mine.revokeFeed')}
              </Button>
            )}
          </div>
        </>
      )}
    </section>
  );
}
