import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api.ts';
import { usePageTitle } from '../../lib/page.ts';
import { Button, ButtonLink, ErrorSummary, Form, PageHeader, TextField, useToast } from '../../ui/index.ts';
import { PasswordField } from './PasswordField.tsx';
import { useCompletePasswordReset, useCreateAccount } from './registration.api.ts';
import { useFormErrors } from './useFormErrors.ts';
import './registration.css';

type Mode = 'register' | 'invitation' | 'reset';
const IDS = { password: 'set-password', birthDate: 'set-password-birth-date' } as const;

/**
 * Setting a password from a mailed link. Registration and invitation create the account and sign
 * the member in; a reset does not sign in (the member signs in as usual, second factor included).
 */
function SetPassword({ mode }: { mode: Mode }) {
  const { t } = useTranslation();
  usePageTitle(t(`registration.setPassword.${mode}.title`));
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  // An invitation to an address the roster does not know is confirmed with the roster's birth date.
  const askBirthDate = mode === 'invitation' && params.get('geburtsdatum') === '1';
  const navigate = useNavigate();
  const toast = useToast();
  const create = useCreateAccount(mode === 'invitation' ? 'invitation' : 'registration');
  const reset = useCompletePasswordReset();
  const pending = create.isPending || reset.isPending;
  const [form, summaryRef] = useFormErrors(IDS);
  const [linkInvalid, setLinkInvalid] = useState(token === '');
  const [resetDone, setResetDone] = useState(false);

  if (linkInvalid) {
    return (
      <div className="narrow">
        <PageHeader title={t('registration.setPassword.invalidTitle')} />
        <p>{t(`registration.setPassword.${mode}.invalid`)}</p>
        <ButtonLink to={mode === 'reset' ? '/passwort-vergessen' : '/registrieren'}>
          {t(`registration.setPassword.${mode}.again`)}
        </ButtonLink>
      </div>
    );
  }
  if (resetDone) {
    return (
      <div className="narrow">
        <PageHeader title={t('registration.setPassword.reset.doneTitle')} />
        <p role="status">{t('registration.setPassword.reset.done')}</p>
        <ButtonLink to="/anmelden">{t('nav.signIn')}</ButtonLink>
      </div>
    );
  }

  const onError = (error: unknown) => {
    if (error instanceof ApiError && error.code === 'token_invalid') return setLinkInvalid(true);
    if (error instanceof ApiError && error.code === 'birth_date_mismatch') {
      return form.show(t('form.checkFields'), { birthDate: t('registration.setPassword.invitation.birthDateWrong') });
    }
    form.showProblem(error);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const data = new FormData(event.currentTarget);
    const password = String(data.get('password') ?? '');
    const birthDate = String(data.get('birthDate') ?? '');
    if (askBirthDate && !/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) {
      return form.show(t('form.checkFields'), { birthDate: t('registration.register.birthDateMissing') });
    }
    if ([...password].length < 10) {
      return form.show(t('form.checkFields'), { password: t('registration.password.tooShort', { min: 10 }) });
    }
    if (mode === 'reset') {
      reset.mutate({ token, password }, { onSuccess: () => setResetDone(true), onError });
      return;
    }
    create.mutate(askBirthDate ? { token, password, birthDate } : { token, password }, {
      onSuccess: (me) => {
        toast(t('registration.setPassword.welcome', { name: me.displayName }), 'success');
        void navigate('/', { replace: true });
      },
      onError,
    });
  };

  return (
    <div className="narrow">
      <PageHeader
        title={t(`registration.setPassword.${mode}.title`)}
        lead={t(`registration.setPassword.${mode}.lead`)}
      />
      {form.summary && (
        <ErrorSummary
          ref={summaryRef}
          id="set-password-errors"
          title={form.summary.title}
          fields={form.summary.fields}
        />
      )}
      <Form
        onSubmit={onSubmit}
        aria-label={t(`registration.setPassword.${mode}.title`)}
        {...(form.summary ? { 'aria-describedby': 'set-password-errors-text' } : {})}
      >
        {askBirthDate && (
          <TextField
            id={IDS.birthDate}
            name="birthDate"
            type="date"
            label={t('registration.register.birthDate')}
            description={t('registration.setPassword.invitation.birthDateHint')}
            autoComplete="bday"
            isRequired
            errorMessage={form.errors.birthDate}
            onChange={form.clear('birthDate')}
          />
        )}
        <PasswordField
          id={IDS.password}
          name="password"
          label={t('registration.password.new')}
          autoComplete="new-password"
          errorMessage={form.errors.password}
          onChange={form.clear('password')}
        />
        <Button type="submit" variant="primary" isPending={pending}>
          {t(`registration.setPassword.${mode}.submit`)}
        </Button>
      </Form>
    </div>
  );
}

export const ConfirmRegistration = () => <SetPassword mode="register" />;
export const AcceptInvitation = () => <SetPassword mode="invitation" />;
export const ResetPassword = () => <SetPassword mode="reset" />;
