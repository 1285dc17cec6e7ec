/** Form fields of the programme pages: multi-line text and native selects, labelled and described. */
import { useId, type ReactNode } from 'react';
import { FieldError, Label, Text, TextArea, TextField } from 'react-aria-components';

export function TextAreaField({
  label,
  description,
  errorMessage,
  value,
  onChange,
  rows = 6,
  isRequired,
  maxLength,
}: {
  label: string;
  description?: string;
  errorMessage?: string | undefined;
  value: string;
  onChange: (value: string) => void;
  rows?: number;
  isRequired?: boolean;
  maxLength?: number;
}) {
  return (
    <TextField
      value={value}
      onChange={onChange}
      isInvalid={!!errorMessage}
      isRequired={isRequired ?? false}
      {...(maxLength !== undefined ? { maxLength } : {})}
      className="field"
    >
      <Label className="field__label">{label}</Label>
      {description && (
        <Text slot="description" className="field__description">
          {description}
        </Text>
      )}
      <TextArea className="field__input field__input--multiline" rows={rows} />
      <FieldError className="field__error">{errorMessage}</FieldError>
    </TextField>
  );
}

export function SelectField<T extends string>({
  label,
  value,
  onChange,
  children,
  errorMessage,
}: {
  label: string;
  value: T;
  onChange: (value: T) => void;
  children: ReactNode;
  errorMessage?: string | undefined;
}) {
  const id = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        className="field__input"
        value={value}
        aria-invalid={errorMessage ? true : undefined}
        aria-describedby={errorMessage ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.target.value as T)}
      >
        {children}
      </select>
      {errorMessage && (
        <span id={`${id}-error`} className="field__error">
          {errorMessage}
        </span>
      )}
    </div>
  );
}

export function CheckboxField({
  label,
  checked,
  onChange,
}: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
}) {
  return (
    <label className="checkbox-field">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} /> {label}
    </label>
  );
}
