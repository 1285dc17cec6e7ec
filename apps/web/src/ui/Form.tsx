import { forwardRef, useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Form as AriaForm, type FormProps as AriaFormProps } from 'react-aria-components';
import { ApiError } from '../api.ts';

/** Maps the problem document's `errors[].path` (a JSON pointer like `/email`) to field names. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const { path, message } of error.problem.errors ?? []) {
    const name = path
      .replace(/^\//, '')
      .split('/')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .join('.');
    if (name && !(name in out)) out[name] = message;
  }
  return out;
}

export interface FormProps extends Omit<AriaFormProps, 'className' | 'validationErrors'> {
  /** The last failed submission; its field errors go next to the fields. */
  error?: unknown;
}

/** A form that shows server field errors at the fields they belong to. */
export function Form({ error, ...props }: FormProps) {
  return <AriaForm {...props} className="form" validationErrors={fieldErrors(error)} />;
}

export interface ErrorSummaryProps {
  title: string;
  /** Field id → message, linked so that a keyboard user jumps straight to the field. */
  fields?: { id: string; message: string }[];
  children?: ReactNode;
}

/**
 * The error summary at the top of a form: announced when it appears, focusable so that focus
 * can move to it after a failed submission.
 */
export const ErrorSummary = forwardRef<HTMLDivElement, ErrorSummaryProps & { id?: string }>(
  function ErrorSummary({ title, fields = [], children, id }, ref) {
    const { t } = useTranslation();
    const headingId = useId();
    return (
      <div ref={ref} id={id} className="error-summary" role="alert" tabIndex={-1} aria-labelledby={headingId}>
        <h2 id={headingId} className="error-summary__title">
          {t('form.errorSummary')}
        </h2>
        <p>{title}</p>
        {fields.length > 0 && (
          <ul>
            {fields.map((f) => (
              <li key={f.id}>
                <a href={`#${f.id}`}>{f.message}</a>
              </li>
            ))}
          </ul>
        )}
        {children}
      </div>
    );
  },
);
