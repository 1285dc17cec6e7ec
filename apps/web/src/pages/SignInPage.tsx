import { useEffect, useRef, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api.ts';
import { safeNext } from '../lib/format.ts';
import { usePageTitle } from '../lib/page.ts';
import { useMe, useSignIn } from '../lib/session.ts';
import { Button, ErrorSummary, Form, PageHeader, TextField, fieldErrors, useToast } from '../ui/index.ts';

const FIELD_IDS: Record<string, string> = { email: 'sign-in-email', password: 'sign-in-password' };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** "/anmelden": email and password; afterwards back to where the member came from. */
export function Component() {
  const { t } = useTranslation();
  usePageTitle(t('auth.signIn.title'));
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const toast = useToast();
  const me = useMe();
  const signIn = useSignIn();
  const summary = useRef<HTMLDivElement>(null);
  const error = signIn.error;

  useEffect(() => {
    if (error) summary.current?.focus();
  }, [error]);

  if (me.data && !signIn.isSuccess) return <Navigate to={next} replace />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    signIn.mutate(
      { email: String(data.get('email') ?? '').trim(), password: String(data.get('password') ?? '') },
      {
        onSuccess: (member) => {
          toast(t('auth.signedIn', { name: member.displayName }), 'success');
          void navigate(next, { replace: true });
        },
      },
    );
  };

  const errorFields = Object.entries(fieldErrors(error)).map(([name, message]) => ({
    id: FIELD_IDS[name] ?? FIELD_IDS.email!,
    message,
  }));
  let title = '';
  if (error instanceof ApiError) {
    title = error.problem.title;
    if (error.status === 429 && error.retryAfter !== null) title += ` ${t('auth.retryAfter', { count: error.retryAfter })}`;
  } else if (error) {
    title = t('errors.unexpected');
  }

  return (
    <div className="narrow">
      <PageHeader title={t('auth.signIn.title')} lead={t('auth.signIn.lead')} />
      {error && <ErrorSummary ref={summary} id="sign-in-errors" title={title} fields={errorFields} />}
      <Form
        error={error}
        onSubmit={onSubmit}
        aria-label={t('auth.signIn.title')}
        {...(error ? { 'aria-describedby': 'sign-in-errors' } : {})}
      >
        <TextField
          id={FIELD_IDS.email}
          name="email"
          type="email"
          label={t('auth.email')}
          autoComplete="username"
          isRequired
          validate={(value) =>
            value.trim() === '' ? t('form.required') : EMAIL.test(value.trim()) ? null : t('auth.emailInvalid')
          }
        />
        <TextField
          id={FIELD_IDS.password}
          name="password"
          type="password"
          label={t('auth.password')}
          autoComplete="current-password"
          isRequired
          validate={(value) => (value === '' ? t('form.required') : null)}
        />
        <Button type="submit" variant="primary" isPending={signIn.isPending}>
          {signIn.isPending ? t('auth.signIn.pending') : t('auth.signIn.submit')}
        </Button>
      </Form>
      <p className="hint">{t('auth.signIn.help')}</p>
    </div>
  );
}
