import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../lib/page.ts';
import { RequireSignIn } from '../../pages/RequireSignIn.tsx';
import { Button, ErrorSummary, Form, PageHeader } from '../../ui/index.ts';
import { PasswordField } from './PasswordField.tsx';
import { useChangePassword } from './registration.api.ts';
import { useFormErrors } from './useFormErrors.ts';
import './registration.css';

const IDS = { currentPassword: 'change-current-password', newPassword: 'change-new-password' } as const;

/** "/konto/passwort": the current password confirms it is the member; other sessions end. */
function ChangePassword() {
  const { t } = useTranslation();
  const change = useChangePassword();
  const [form, summaryRef] = useFormErrors(IDS);
  const [done, setDone] = useState(false);
  const [formKey, setFormKey] = useState(0);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (change.isPending) return;
    const data = new FormData(event.currentTarget);
    const body = {
      currentPassword: String(data.get('currentPassword') ?? ''),
      newPassword: String(data.get('newPassword') ?? ''),
    };
    const found: Partial<Record<keyof typeof IDS, string>> = {};
    if (body.currentPassword === '') found.currentPassword = t('auth.passwordMissing');
    if ([...body.newPassword].length < 10) found.newPassword = t('registration.password.tooShort', { min: 10 });
    if (Object.keys(found).length > 0) return form.show(t('form.checkFields'), found);
    setDone(false);
    change.mutate(body, {
      onSuccess: () => {
        form.reset();
        setDone(true);
        // Fresh, empty fields: no password stays in the page.
        setFormKey((k) => k + 1);
      },
      onError: form.showProblem,
    });
  };

  return (
    <div className="narrow">
      <PageHeader title={t('registration.changePassword.title')} lead={t('registration.changePassword.lead')} />
      {done && (
        <p role="status" className="notice">
          {t('registration.changePassword.done')}
        </p>
      )}
      {form.summary && (
        <ErrorSummary
          ref={summaryRef}
          id="change-password-errors"
          title={form.summary.title}
          fields={form.summary.fields}
        />
      )}
      <Form
        key={formKey}
        onSubmit={onSubmit}
        aria-label={t('registration.changePassword.title')}
        {...(form.summary ? { 'aria-describedby': 'change-password-errors-text' } : {})}
      >
        <PasswordField
          id={IDS.currentPassword}
          name="currentPassword"
          label={t('registration.password.current')}
          autoComplete="current-password"
          errorMessage={form.errors.currentPassword}
          onChange={form.clear('currentPassword')}
        />
        <PasswordField
          id={IDS.newPassword}
          name="newPassword"
          label={t('registration.password.new')}
          autoComplete="new-password"
          errorMessage={form.errors.newPassword}
          onChange={form.clear('newPassword')}
        />
        <Button type="submit" variant="primary" isPending={change.isPending}>
          {t('registration.changePassword.submit')}
        </Button>
      </Form>
    </div>
  );
}

export function Component() {
  const { t } = useTranslation();
  usePageTitle(t('registration.changePassword.title'));
  return <RequireSignIn>{() => <ChangePassword />}</RequireSignIn>;
}
