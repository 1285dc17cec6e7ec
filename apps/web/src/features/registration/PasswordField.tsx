import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldError, Input, Label, Text, TextField as AriaTextField } from 'react-aria-components';
import { Button } from '../../ui/index.ts';

const MIN = 10;
const MAX = 256;

export interface PasswordFieldProps {
  id: string;
  name: string;
  label: string;
  /** `new-password` shows the rules and a live hint; `current-password` does not. */
  autoComplete: 'new-password' | 'current-password';
  errorMessage?: string | undefined;
  onChange?: () => void;
}

/**
 * A password field with a show/hide toggle. Pasting and password managers are welcome (no
 * `onPaste` blocking, the right `autocomplete`); a new password gets the rules as its description
 * and a hint that follows the typing, read by screen readers when the field is focused.
 */
export function PasswordField({ id, name, label, autoComplete, errorMessage, onChange }: PasswordFieldProps) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);
  const [value, setValue] = useState('');
  const hintId = useId();
  const length = [...value].length;
  const isNew = autoComplete === 'new-password';
  const progress =
    length === 0
      ? null
      : length < MIN
        ? t('registration.password.missing', { count: MIN - length })
        : length > MAX
          ? t('registration.password.tooLong', { max: MAX })
          : t('registration.password.lengthOk');

  return (
    <AriaTextField
      id={id}
      name={name}
      type={visible ? 'text' : 'password'}
      autoComplete={autoComplete}
      isRequired
      isInvalid={!!errorMessage}
      value={value}
      onChange={(v) => {
        setValue(v);
        onChange?.();
      }}
      className="field"
    >
      <Label className="field__label">{label}</Label>
      {isNew && (
        <Text slot="description" className="field__description">
          {t('registration.password.rules', { min: MIN })}
        </Text>
      )}
      <div className="password-field">
        <Input className="field__input" spellCheck={false} autoCapitalize="off" />
        <Button variant="quiet" aria-pressed={visible} aria-controls={id} onPress={() => setVisible((v) => !v)}>
          {t('registration.password.show')}
        </Button>
      </div>
      {isNew && progress && (
        <p id={hintId} className="field__description" aria-live="polite">
          {progress}
        </p>
      )}
      <FieldError className="field__error">{errorMessage}</FieldError>
    </AriaTextField>
  );
}
