import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../lib/page.ts';
import { Button, ErrorSummary, Form, PageHeader, TextField, TextLink } from '../../ui/index.ts';
import { useRequestPasswordReset } from './registration.api.ts';
import { EMAIL, useFormErrors } from './useFormErrors.ts';

const IDS = { email: 'forgot-email' } as const;

/** "/passwort-vergessen": the same answer whether the address has an account or not. */
export function Component() {
  const { t } = useTranslation();
  usePageTitle(t('registration.forgot.title'));
  const request = useRequestPasswordReset();
  const [form, summaryRef] = useFormErrors(IDS);
  const [sentTo, setSentTo] = useState<string | null>(null);

  if (sentTo) {
    return (
      <div className="narrow">
        <PageHeader title={t('registration.forgot.sentTitle')} />
        <p role="status">{t('registration.forgot.sent', { email: sentTo })}</p>
        <p className="hint">
          <TextLink to="/anmelden">{t('nav.signIn')}</TextLink>
        </p>
      </div>
    );
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (request.isPending) return;
    const email = String(new FormData(event.currentTarget).get('email') ?? '').trim();
    if (email === '') return form.show(t('form.checkFields'), { email: t('auth.emailMissing') });
    if (!EMAIL.test(email)) return form.show(t('form.checkFields'), { email: t('auth.emailInvalid') });
    request.mutate({ email }, { onSuccess: () => setSentTo(email), onError: form.showProblem });
  };

  return (
    <div className="narrow">
      <PageHeader title={t('registration.forgot.title')} lead={t('registration.forgot.lead')} />
      {form.summary && (
        <ErrorSummary ref={summaryRef} id="forgot-errors" title={form.summary.title} fields={form.summary.fields} />
      )}
      <Form
        onSubmit={onSubmit}
        aria-label={t('registration.forgot.title')}
        {...(form.summary ? { 'aria-describedby': 'forgot-errors-text' } : {})}
      >
        <TextField
          id={IDS.email}
          name="email"
          type="email"
          label={t('auth.email')}
          autoComplete="username"
          isRequired
          errorMessage={form.errors.email}
          onChange={form.clear('email')}
        />
        <Button type="submit" variant="primary" isPending={request.isPending}>
          {t('registration.forgot.submit')}
        </Button>
      </Form>
    </div>
  );
}
