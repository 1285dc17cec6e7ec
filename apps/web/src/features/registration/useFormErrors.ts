/**
 * Error state of a form, the way the sign-in page does it: field messages linked from an error
 * summary that takes focus after a failed submission, cleared as the member edits a field.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { fieldErrors } from '../../ui/index.ts';

export interface Summary {
  title: string;
  fields: { id: string; message: string }[];
}

export function useFormErrors<F extends string>(ids: Record<F, string>) {
  const { t } = useTranslation();
  const summaryRef = useRef<HTMLDivElement>(null);
  const [errors, setErrors] = useState<Partial<Record<F, string>>>({});
  const [summary, setSummary] = useState<Summary | null>(null);

  useEffect(() => {
    if (summary) summaryRef.current?.focus();
  }, [summary]);

  const show = (title: string, found: Partial<Record<F, string>>) => {
    setErrors(found);
    const fields = (Object.keys(ids) as F[]).flatMap((f) => (found[f] ? [{ id: ids[f], message: found[f] }] : []));
    setSummary({ title, fields });
  };

  /** Shows what the server answered: its title, and its field errors at our fields. */
  const showProblem = (error: unknown) => {
    if (!(error instanceof ApiError)) return show(t('errors.unexpected'), {});
    let title = error.problem.title;
    if (error.status === 429 && error.retryAfter !== null)
      title += ` ${t('auth.retryAfter', { count: error.retryAfter })}`;
    show(title, fieldErrors(error) as Partial<Record<F, string>>);
  };

  const clear = (field: F) => () => {
    if (errors[field]) setErrors(({ [field]: _gone, ...rest }) => rest as Partial<Record<F, string>>);
  };

  // The ref travels apart from the functions the page calls while rendering (`clear`), so that
  // React's rules of hooks can tell the two apart.
  return [{ errors, summary, show, showProblem, clear, reset: () => setSummary(null) }, summaryRef] as const;
}

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
