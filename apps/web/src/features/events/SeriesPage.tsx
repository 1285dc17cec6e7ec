import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventSeries } from '@rotes-netz/shared';
import { ApiError } from '../../api.ts';
import { usePageTitle } from '../../lib/page.ts';
import { Loaded } from '../../pages/Loaded.tsx';
import { RequireSignIn } from '../../pages/RequireSignIn.tsx';
import { Button, Card, EmptyState, ErrorSummary, fieldErrors, PageHeader, TextLink, useToast } from '../../ui/index.ts';
import { useEventId } from './event-id.ts';
import { useSeries, useUpdateSeries } from './events.api.ts';
import { EventItem } from './EventItem.tsx';
import { InputField, TextAreaField } from './fields.tsx';

/** "/termine/reihen/:id": a series (the dialogue tour) with its events; organisers edit it here. */
export function Component() {
  return <RequireSignIn>{() => <SeriesLoader />}</RequireSignIn>;
}

function SeriesLoader() {
  const id = useEventId();
  const series = useSeries(id);
  usePageTitle(series.data?.title ?? null);
  return (
    <Loaded query={series} missing={id === 0}>
      {(data) => <SeriesView series={data} />}
    </Loaded>
  );
}

function SeriesView({ series }: { series: EventSeries }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <div className="series-page">
      <p>
        <TextLink to="/termine">{t('events.event.back')}</TextLink>
      </p>
      <PageHeader title={series.title} lead={t('events.common.organisedBy', { unit: series.unit.name })} />
      {series.description.trim() !== '' && <p className="series-page__description">{series.description}</p>}
      <section aria-labelledby={headingId}>
        <h2 id={headingId}>{t('events.series.events')}</h2>
        {series.events.length === 0 ? (
          <EmptyState title={t('events.series.noEvents')} />
        ) : (
          <ol className="plain-list event-list" aria-labelledby={headingId}>
            {series.events.map((event) => (
              <li key={event.id}>
                <EventItem event={event} dated />
              </li>
            ))}
          </ol>
        )}
      </section>
      {series.abilities.manage && <EditSeries key={`${series.title}\u0000${series.description}`} series={series} />}
    </div>
  );
}

function EditSeries({ series }: { series: EventSeries }) {
  const { t } = useTranslation();
  const toast = useToast();
  const update = useUpdateSeries(series.id);
  const [title, setTitle] = useState(series.title);
  const [description, setDescription] = useState(series.description);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (title.trim() === '') return setErrors({ title: t('events.series.titleRequired') });
    update.mutate(
      { title: title.trim(), description },
      {
        onSuccess: () => toast(t('events.series.saved'), 'success'),
        onError: (error) => setErrors(fieldErrors(error)),
      },
    );
  };

  return (
    <Card title={t('events.series.edit')}>
      <form className="form" onSubmit={submit} noValidate>
        {update.error instanceof ApiError && Object.keys(errors).length === 0 && (
          <ErrorSummary title={update.error.problem.title} />
        )}
        <InputField
          id="series-title"
          label={t('events.series.title')}
          value={title}
          maxLength={200}
          required
          error={errors.title}
          onChange={(e) => {
            setTitle(e.target.value);
            setErrors({});
          }}
        />
        <TextAreaField
          id="series-description"
          label={t('events.series.description')}
          rows={4}
          maxLength={2000}
          value={description}
          error={errors.description}
          onChange={(e) => setDescription(e.target.value)}
        />
        <Button type="submit" variant="primary" isPending={update.isPending}>
          {t('events.series.save')}
        </Button>
      </form>
    </Card>
  );
}
