import { forwardRef, useId, type MouseEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Form as AriaForm, type FormProps as AriaFormProps } from 'react-aria-components';
import { ApiError } from '../api.ts';

/**
 * Maps the problem document's `errors[].path` (a JSON pointer like `/email`, or `/body/email` when
 * the server names the request part) to field names.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const { path, message } of error.problem.errors ?? []) {
    const name = path
      .replace(/^\/(body|query|params)(?=\/|$)/, '')
      .replace(/^\//, '')
      .split('/')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .join('.');
    if (name && !(name in out)) out[name] = message;
  }
  return out;
}

export type FormProps = Omit<AriaFormProps, 'className' | 'validationErrors' | 'validationBehavior'>;

/**
 * A form whose fields' errors are held by the page: set on submit (by checking the input or from
 * the server's problem document) and cleared as the member edits a field — never on blur, where a
 * vanishing message would move the submit button away from under the pointer.
 */
export function Form(props: FormProps) {
  return <AriaForm {...props} className="form" validationBehavior="aria" />;
}

/** Moves focus to the field itself (a fragment link alone would only scroll to it). */
function focusField(event: MouseEvent<HTMLAnchorElement>, id: string): void {
  const field = document.getElementById(id);
  if (!field) return;
  event.preventDefault();
  field.focus();
  field.scrollIntoView({ block: 'center' });
}

export interface ErrorSummaryProps {
  title: string;
  /** Field id → message, linked so that a keyboard user jumps straight to the field. */
  fields?: { id: string; message: string }[];
  children?: ReactNode;
}

/**
 * The error summary at the top of a form: announced when it appears, focusable so that focus
 * can move to it after a failed submission. With an `id`, its message has the id `<id>-text`,
 * for the form's aria-describedby.
 */
export const ErrorSummary = forwardRef<HTMLDivElement, ErrorSummaryProps & { id?: string }>(function ErrorSummary(
  { title, fields = [], children, id },
  ref,
) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <div ref={ref} id={id} className="error-summary" role="alert" tabIndex={-1} aria-labelledby={headingId}>
      <h2 id={headingId} className="error-summary__title">
        {t('form.errorSummary')}
      </h2>
      <p id={id ? `${id}-text` : undefined}>{title}</p>
      {fields.length > 0 && (
        <ul>
          {fields.map((f) => (
            <li key={f.id}>
              <a href={`#${f.id}`} onClick={(event) => focusField(event, f.id)}>
                {f.message}
              </a>
            </li>
          ))}
        </ul>
      )}
      {children}
    </div>
  );
});
