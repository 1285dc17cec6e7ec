import {
  FieldError,
  Input,
  Label,
  Text,
  TextField as AriaTextField,
  type TextFieldProps as AriaTextFieldProps,
} from 'react-aria-components';

export interface TextFieldProps extends Omit<AriaTextFieldProps, 'className' | 'children'> {
  label: string;
  description?: string;
}

/**
 * A text input with a visible label, an optional description and an error message; React Aria
 * links both to the input (aria-describedby) and sets aria-invalid.
 */
export function TextField({ label, description, ...props }: TextFieldProps) {
  return (
    <AriaTextField {...props} className="field">
      <Label className="field__label">{label}</Label>
      {description && (
        <Text slot="description" className="field__description">
          {description}
        </Text>
      )}
      <Input className="field__input" />
      <FieldError className="field__error" />
    </AriaTextField>
  );
}
