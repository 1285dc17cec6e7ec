import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { Button, fieldErrors, useToast } from '../../ui/index.ts';
import { useCreateSeries, useUnitSeries } from './events.api.ts';
import { InputField, SelectField, TextAreaField } from './fields.tsx';

/**
 * The event form's series: none, or one of the organising unit's series (the dialogue tour), and
 * a new one created on the spot. Its own inputs are not a form of their own (forms do not nest):
 * Enter in them creates the series instead of saving the event.
 */
export function SeriesField({
  id,
  unitId,
  value,
  error,
  onChange,
}: {
  id: string;
  unitId: number;
  value: string;
  error?: string | undefined;
  onChange: (seriesId: string) => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const list = useUnitSeries(unitId);
  const create = useCreateSeries();
  const [adding, setAdding] = useState(false);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [titleError, setTitleError] = useState<string | undefined>();
  const [created, setCreated] = useState<{ id: number; title: string } | null>(null);
  const items = list.data?.items ?? [];
  const toggled = useRef(false);

  // Opening moves focus to the new series' title; closing brings it back to the choice.
  useEffect(() => {
    if (toggled.current) document.getElementById(adding ? `${id}-new-title` : id)?.focus();
  }, [adding, id]);

  const open = () => {
    toggled.current = true;
    setAdding(true);
  };

  const close = () => {
    toggled.current = true;
    setAdding(false);
    setTitle('');
    setDescription('');
    setTitleError(undefined);
  };

  const save = () => {
    if (title.trim() === '') return setTitleError(t('events.series.titleRequired'));
    create.mutate(
      { unitId, body: { title: title.trim(), description } },
      {
        onSuccess: (series) => {
          setCreated({ id: series.id, title: series.title });
          onChange(String(series.id));
          close();
          toast(t('events.series.created'), 'success');
        },
        onError: (e) =>
          setTitleError(e instanceof ApiError ? (fieldErrors(e).title ?? e.problem.title) : t('errors.unexpected')),
      },
    );
  };

  const onEnter = (e: KeyboardEvent) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    save();
  };

  // Just created and not yet in the refetched list: still shown as chosen.
  const pending = created && value === String(created.id) && !items.some((s) => s.id === created.id);

  return (
    <div className="series-field">
      <SelectField
        id={id}
        label={t('events.form.series')}
        hint={t('events.form.seriesHint')}
        value={value}
        error={error}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="">{t('events.form.noSeries')}</option>
        {items.map((s) => (
          <option key={s.id} value={String(s.id)}>
            {s.title}
          </option>
        ))}
        {pending && <option value={String(created.id)}>{created.title}</option>}
      </SelectField>
      {adding ? (
        <div className="series-field__new" role="group" aria-labelledby={`${id}-new-legend`}>
          <p id={`${id}-new-legend`} className="field__label">
            {t('events.series.newTitle')}
          </p>
          <InputField
            id={`${id}-new-title`}
            label={t('events.series.title')}
            value={title}
            maxLength={200}
            error={titleError}
            onKeyDown={onEnter}
            onChange={(e) => {
              setTitle(e.target.value);
              setTitleError(undefined);
            }}
          />
          <TextAreaField
            id={`${id}-new-description`}
            label={t('events.series.description')}
            rows={3}
            maxLength={2000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
          <div className="button-row">
            <Button variant="primary" isPending={create.isPending} onPress={save}>
              {t('events.series.create')}
            </Button>
            <Button variant="quiet" onPress={close}>
              {t('events.form.cancelEdit')}
            </Button>
          </div>
        </div>
      ) : (
        <Button variant="secondary" onPress={open}>
          {t('events.series.add')}
        </Button>
      )}
    </div>
  );
}
