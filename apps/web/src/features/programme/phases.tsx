/** The six phase dates of a process as datetime-local inputs in the browser's time zone. */
import { useTranslation } from 'react-i18next';
import type { PhaseDates } from '@rotes-netz/shared';

export const PHASE_KEYS = [
  'ideasFrom',
  'ideasUntil',
  'draftFrom',
  'draftUntil',
  'amendmentsFrom',
  'amendmentsUntil',
] as const;
export type PhaseInputs = Record<(typeof PHASE_KEYS)[number], string>;

/** `yyyy-mm-ddThh:mm` in the browser's time zone, for datetime-local inputs. */
export function localInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function inputsOf(phases: PhaseDates): PhaseInputs {
  return Object.fromEntries(PHASE_KEYS.map((k) => [k, localInput(new Date(phases[k]))])) as PhaseInputs;
}

export function datesOf(inputs: PhaseInputs): PhaseDates {
  return Object.fromEntries(PHASE_KEYS.map((k) => [k, new Date(inputs[k]).toISOString()])) as PhaseDates;
}

export function PhaseFields({
  value,
  onChange,
  errors,
}: {
  value: PhaseInputs;
  onChange: (value: PhaseInputs) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="field">
      <legend className="field__label">{t('programme.processForm.phases')}</legend>
      {PHASE_KEYS.map((key) => (
        <div className="field" key={key}>
          <label className="field__label" htmlFor={`phase-${key}`}>
            {t(`programme.processForm.${key}`)}
          </label>
          <input
            id={`phase-${key}`}
            className="field__input"
            type="datetime-local"
            required
            value={value[key]}
            aria-invalid={errors[`phases.${key}`] ? true : undefined}
            aria-describedby={errors[`phases.${key}`] ? `phase-${key}-error` : undefined}
            onChange={(e) => onChange({ ...value, [key]: e.target.value })}
          />
          {errors[`phases.${key}`] && (
            <span id={`phase-${key}-error`} className="field__error">
              {errors[`phases.${key}`]}
            </span>
          )}
        </div>
      ))}
    </fieldset>
  );
}
