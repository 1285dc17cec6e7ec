import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { usePageTitle } from '../../lib/page.ts';
import { useMe } from '../../lib/session.ts';
import { Button, ErrorSummary, Form, PageHeader, TextField, TextLink } from '../../ui/index.ts';
import { useRequestRegistration } from './registration.api.ts';
import { EMAIL, useFormErrors } from './useFormErrors.ts';
import './registration.css';

const IDS = {
  memberNumber: 'register-member-number',
  lastName: 'register-last-name',
  birthDate: 'register-birth-date',
  email: 'register-email',
} as const;
type Field = keyof typeof IDS;

/**
 * "/registrieren": member number, last name, date of birth and email. The answer is the same
 * whether the data fit the roster or not — the page cannot know, and must not tell.
 */
export function Component() {
  const { t } = useTranslation();
  usePageTitle(t('registration.register.title'));
  const me = useMe();
  const request = useRequestRegistration();
  const [form, summaryRef] = useFormErrors(IDS);
  const [sentTo, setSentTo] = useState<string | null>(null);

  if (me.data) return <Navigate to="/" replace />;

  if (sentTo) {
    return (
      <div className="narrow">
        <PageHeader title={t('registration.register.sentTitle')} />
        <p role="status">{t('registration.register.sent', { email: sentTo })}</p>
        <p className="hint">{t('registration.register.sentHint')}</p>
      </div>
    );
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (request.isPending) return;
    const data = new FormData(event.currentTarget);
    const values = {
      memberNumber: String(data.get('memberNumber') ?? '').trim(),
      lastName: String(data.get('lastName') ?? '').trim(),
      birthDate: String(data.get('birthDate') ?? ''),
      email: String(data.get('email') ?? '').trim(),
    };
    const found: Partial<Record<Field, string>> = {};
    if (!/^[0-9A-Za-z-]{1,30}$/.test(values.memberNumber))
      found.memberNumber = t('registration.register.memberNumberMissing');
    if (values.lastName === '') found.lastName = t('registration.register.lastNameMissing');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.birthDate)) found.birthDate = t('registration.register.birthDateMissing');
    if (values.email === '') found.email = t('auth.emailMissing');
    else if (!EMAIL.test(values.email)) found.email = t('auth.emailInvalid');
    if (Object.keys(found).length > 0) return form.show(t('form.checkFields'), found);
    request.mutate(values, { onSuccess: () => setSentTo(values.email), onError: form.showProblem });
  };

  return (
    <div className="narrow">
      <PageHeader title={t('registration.register.title')} lead={t('registration.register.lead')} />
      {form.summary && (
        <ErrorSummary ref={summaryRef} id="register-errors" title={form.summary.title} fields={form.summary.fields} />
      )}
      <Form
        onSubmit={onSubmit}
        aria-label={t('registration.register.title')}
        {...(form.summary ? { 'aria-describedby': 'register-errors-text' } : {})}
      >
        <TextField
          id={IDS.memberNumber}
          name="memberNumber"
          label={t('registration.register.memberNumber')}
          description={t('registration.register.memberNumberHint')}
          inputMode="numeric"
          autoComplete="off"
          isRequired
          errorMessage={form.errors.memberNumber}
          onChange={form.clear('memberNumber')}
        />
        <TextField
          id={IDS.lastName}
          name="lastName"
          label={t('registration.register.lastName')}
          autoComplete="family-name"
          isRequired
          errorMessage={form.errors.lastName}
          onChange={form.clear('lastName')}
        />
        <TextField
          id={IDS.birthDate}
          name="birthDate"
          type="date"
          label={t('registration.register.birthDate')}
          autoComplete="bday"
          isRequired
          errorMessage={form.errors.birthDate}
          onChange={form.clear('birthDate')}
        />
        <TextField
          id={IDS.email}
          name="email"
          type="email"
          label={t('auth.email')}
          description={t('registration.register.emailHint')}
          autoComplete="email"
          isRequired
          errorMessage={form.errors.email}
          onChange={form.clear('email')}
        />
        <Button type="submit" variant="primary" isPending={request.isPending}>
          {t('registration.register.submit')}
        </Button>
      </Form>
      <p className="hint">
        {t('registration.register.haveAccount')} <TextLink to="/anmelden">{t('nav.signIn')}</TextLink>
      </p>
    </div>
  );
}
