import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Me } from '@rotes-netz/shared';
import { usePageTitle } from '../../lib/page.ts';
import { RequireSignIn } from '../../pages/RequireSignIn.tsx';
import { Button, ButtonLink, ErrorSummary, Form, PageHeader, Spinner, TextField } from '../../ui/index.ts';
import { PasswordField } from './PasswordField.tsx';
import { useConfirmEmailChange, useRequestEmailChange } from './registration.api.ts';
import { EMAIL, useFormErrors } from './useFormErrors.ts';
import './registration.css';

const IDS = { newEmail: 'change-email-new', currentPassword: 'change-email-password' } as const;

/** "/konto/e-mail": the address changes only once the link sent to the new address is used. */
function ChangeEmail({ me }: { me: Me }) {
  const { t } = useTranslation();
  const request = useRequestEmailChange();
  const [form, summaryRef] = useFormErrors(IDS);
  const [sentTo, setSentTo] = useState<string | null>(null);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (request.isPending) return;
    const data = new FormData(event.currentTarget);
    const body = {
      newEmail: String(data.get('newEmail') ?? '').trim(),
      currentPassword: String(data.get('currentPassword') ?? ''),
    };
    const found: Partial<Record<keyof typeof IDS, string>> = {};
    if (body.newEmail === '') found.newEmail = t('auth.emailMissing');
    else if (!EMAIL.test(body.newEmail)) found.newEmail = t('auth.emailInvalid');
    if (body.currentPassword === '') found.currentPassword = t('auth.passwordMissing');
    if (Object.keys(found).length > 0) return form.show(t('form.checkFields'), found);
    request.mutate(body, { onSuccess: () => setSentTo(body.newEmail), onError: form.showProblem });
  };

  if (sentTo) {
    return (
      <div className="narrow">
        <PageHeader title={t('registration.changeEmail.sentTitle')} />
        <p role="status">{t('registration.changeEmail.sent', { email: sentTo })}</p>
      </div>
    );
  }
  return (
    <div className="narrow">
      <PageHeader
        title={t('registration.changeEmail.title')}
        lead={t('registration.changeEmail.lead', { email: me.email })}
      />
      {form.summary && (
        <ErrorSummary
          ref={summaryRef}
          id="change-email-errors"
          title={form.summary.title}
          fields={form.summary.fields}
        />
      )}
      <Form
        onSubmit={onSubmit}
        aria-label={t('registration.changeEmail.title')}
        {...(form.summary ? { 'aria-describedby': 'change-email-errors-text' } : {})}
      >
        <TextField
          id={IDS.newEmail}
          name="newEmail"
          type="email"
          label={t('registration.changeEmail.newEmail')}
          autoComplete="email"
          isRequired
          errorMessage={form.errors.newEmail}
          onChange={form.clear('newEmail')}
        />
        <PasswordField
          id={IDS.currentPassword}
          name="currentPassword"
          label={t('registration.password.current')}
          autoComplete="current-password"
          errorMessage={form.errors.currentPassword}
          onChange={form.clear('currentPassword')}
        />
        <Button type="submit" variant="primary" isPending={request.isPending}>
          {t('registration.changeEmail.submit')}
        </Button>
      </Form>
    </div>
  );
}

export function Component() {
  const { t } = useTranslation();
  usePageTitle(t('registration.changeEmail.title'));
  return <RequireSignIn>{(me) => <ChangeEmail me={me} />}</RequireSignIn>;
}

/** "/konto/e-mail/bestaetigen": uses the link once the member is signed in. */
function ConfirmEmail() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const confirm = useConfirmEmailChange();
  const started = useRef(false);
  const token = params.get('token') ?? '';

  useEffect(() => {
    // Once only, also under React's double effects in development.
    if (started.current || token === '') return;
    started.current = true;
    confirm.mutate({ token });
  }, [confirm, token]);

  if (token === '' || confirm.isError) {
    return (
      <div className="narrow">
        <PageHeader title={t('registration.setPassword.invalidTitle')} />
        <p>{t('registration.changeEmail.invalid')}</p>
        <ButtonLink to="/konto/e-mail">{t('registration.changeEmail.again')}</ButtonLink>
      </div>
    );
  }
  if (!confirm.data) return <Spinner label={t('common.loading')} />;
  return (
    <div className="narrow">
      <PageHeader title={t('registration.changeEmail.doneTitle')} />
      <p role="status">{t('registration.changeEmail.done', { email: confirm.data.email })}</p>
      <ButtonLink to="/">{t('nav.myParty')}</ButtonLink>
    </div>
  );
}

export function ConfirmEmailPage() {
  const { t } = useTranslation();
  usePageTitle(t('registration.changeEmail.confirmTitle'));
  return <RequireSignIn>{() => <ConfirmEmail />}</RequireSignIn>;
}
