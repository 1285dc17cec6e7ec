/**
 * Native form controls in the app's field style, for the event forms: a label, an optional hint
 * and the error, linked to the control (aria-describedby, aria-invalid). Native elements because
 * the forms need datetime-local, number, textarea and select alike.
 */
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';

interface Common {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
}

function describedBy({ id, hint, error }: Common): string | undefined {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}

function Frame({ id, label, hint, error, children }: Common & { children: ReactNode }) {
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <span id={`${id}-hint`} className="field__description">
          {hint}
        </span>
      )}
      {children}
      {error && (
        <span id={`${id}-error`} className="field__error">
          {error}
        </span>
      )}
    </div>
  );
}

export function InputField({
  id,
  label,
  hint,
  error,
  ...props
}: Common & Omit<InputHTMLAttributes<HTMLInputElement>, 'id'>) {
  return (
    <Frame id={id} label={label} hint={hint} error={error}>
      <input
        {...props}
        id={id}
        className="field__input"
        data-invalid={error ? true : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy({ id, label, hint, error })}
      />
    </Frame>
  );
}

export function TextAreaField({
  id,
  label,
  hint,
  error,
  ...props
}: Common & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'>) {
  return (
    <Frame id={id} label={label} hint={hint} error={error}>
      <textarea
        {...props}
        id={id}
        className="field__input field__textarea"
        data-invalid={error ? true : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy({ id, label, hint, error })}
      />
    </Frame>
  );
}

export function SelectField({
  id,
  label,
  hint,
  error,
  children,
  ...props
}: Common & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'>) {
  return (
    <Frame id={id} label={label} hint={hint} error={error}>
      <select
        {...props}
        id={id}
        className="field__input"
        data-invalid={error ? true : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy({ id, label, hint, error })}
      >
        {children}
      </select>
    </Frame>
  );
}

/** A group of radio buttons or checkboxes under a legend. */
export function ChoiceGroup({
  legend,
  error,
  id,
  children,
}: {
  legend: string;
  error?: string | undefined;
  id: string;
  children: ReactNode;
}) {
  return (
    <fieldset className="choice-group" id={id} aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="field__label">{legend}</legend>
      <div className="choice-group__options">{children}</div>
      {error && (
        <span id={`${id}-error`} className="field__error">
          {error}
        </span>
      )}
    </fieldset>
  );
}

/** One radio button or checkbox with its label. */
export function Choice({ label, ...props }: { label: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label className="choice">
      <input {...props} />
      <span>{label}</span>
    </label>
  );
}
