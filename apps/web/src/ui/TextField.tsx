import {
  FieldError,
  Input,
  Label,
  Text,
  TextField as AriaTextField,
  type TextFieldProps as AriaTextFieldProps,
} from 'react-aria-components';

export interface TextFieldProps extends Omit<AriaTextFieldProps, 'className' | 'children' | 'isInvalid' | 'validate'> {
  label: string;
  description?: string;
  /** The field's error; the form clears it when the member edits the field. */
  errorMessage?: string | undefined;
}

/**
 * A text input with a visible label, an optional description and an error message; React Aria
 * links both to the input (aria-describedby) and sets aria-invalid.
 */
export function TextField({ label, description, errorMessage, ...props }: TextFieldProps) {
  return (
    <AriaTextField {...props} isInvalid={!!errorMessage} className="field">
      <Label className="field__label">{label}</Label>
      {description && (
        <Text slot="description" className="field__description">
          {description}
        </Text>
      )}
      <Input className="field__input" />
      <FieldError className="field__error">{errorMessage}</FieldError>
    </AriaTextField>
  );
}
