/**
 * What a roster would end: the departures by Ortsverein, and for a mass departure the admin's
 * typed number and reason (the server refuses without them, as the CLI does without --force).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldError, Label, Text, TextArea, TextField as AriaTextField } from 'react-aria-components';
import type { DeparturesByUnit, RosterApplyBody, RosterPreview } from '@rotes-netz/shared';
import { Button, TextField } from '../../ui/index.ts';

/** The shortest reason the server takes (`MASS_DEPARTURE_REASON_MIN`). */
const REASON_MIN = 20;

/** The departures as a sample list by Ortsverein, most first. */
export function DeparturesList({ departures, total }: { departures: DeparturesByUnit[]; total: number }) {
  const { t } = useTranslation();
  if (departures.length === 0) return null;
  return (
    <section aria-labelledby="roster-departures">
      <h3 id="roster-departures">{t('admin-roster.departures.title', { count: total })}</h3>
      <ul className="roster-departures">
        {departures.map((d) => (
          <li key={d.unit.code}>
            <strong>
              {t('admin-roster.departures.unit', { name: d.unit.name, code: d.unit.code, count: d.count })}
            </strong>
            {': '}
            {d.sample.map((m) => `${m.name} (${m.memberNumber})`).join(', ')}
            {d.count > d.sample.length && ` ${t('admin-roster.departures.more', { count: d.count - d.sample.length })}`}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The confirmation of the apply dialog: a plain button, or for a mass departure the number and the reason. */
export function ApplyConfirmation({
  preview,
  isPending,
  onConfirm,
}: {
  preview: RosterPreview;
  isPending: boolean;
  onConfirm: (body: RosterApplyBody) => void;
}) {
  const { t } = useTranslation();
  const [departures, setDepartures] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ departures?: string; reason?: string }>({});
  const left = preview.summary.left;

  if (!preview.massDeparture) {
    return (
      <Button variant="primary" isPending={isPending} onPress={() => onConfirm({})}>
        {t('admin-roster.roster.confirm')}
      </Button>
    );
  }
  const submit = () => {
    const found = {
      ...(Number(departures.trim()) === left && departures.trim() !== ''
        ? {}
        : { departures: t('admin-roster.departures.numberWrong') }),
      ...(reason.trim().length >= REASON_MIN
        ? {}
        : { reason: t('admin-roster.departures.reasonShort', { count: REASON_MIN }) }),
    };
    setErrors(found);
    if (Object.keys(found).length === 0) onConfirm({ departures: left, reason: reason.trim() });
  };
  return (
    <div className="form">
      <p className="notice notice--error">{t('admin-roster.departures.warning', { count: left })}</p>
      <TextField
        label={t('admin-roster.departures.number', { count: left })}
        inputMode="numeric"
        autoComplete="off"
        value={departures}
        onChange={(value) => {
          setDepartures(value);
          setErrors(({ departures: _gone, ...rest }) => rest);
        }}
        errorMessage={errors.departures}
      />
      <AriaTextField
        className="field"
        value={reason}
        onChange={(value) => {
          setReason(value);
          setErrors(({ reason: _gone, ...rest }) => rest);
        }}
        isInvalid={!!errors.reason}
      >
        <Label className="field__label">{t('admin-roster.departures.reason')}</Label>
        <Text slot="description" className="field__description">
          {t('admin-roster.departures.reasonHint')}
        </Text>
        <TextArea className="field__input" rows={3} maxLength={2000} />
        <FieldError className="field__error">{errors.reason}</FieldError>
      </AriaTextField>
      <div>
        <Button variant="primary" isPending={isPending} onPress={submit}>
          {t('admin-roster.departures.confirm', { count: left })}
        </Button>
      </div>
    </div>
  );
}
