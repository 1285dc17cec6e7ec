import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '@rotes-netz/shared';
import { isStatus } from '../../api.ts';
import { usePageTitle } from '../../lib/page.ts';
import { RequireSignIn } from '../../pages/RequireSignIn.tsx';
import { NotFoundPage } from '../../pages/NotFoundPage.tsx';
import { Button, ErrorSummary, Form, PageHeader, TextField } from '../../ui/index.ts';
import { useInvite } from './registration.api.ts';
import { EMAIL, useFormErrors } from './useFormErrors.ts';
import { invitingUnits } from './inviting.ts';
import './registration.css';

const IDS = { memberNumber: 'invite-member-number', email: 'invite-email' } as const;

/** "/einladen": a functionary invites a member of their unit by member number. */
function Invite({ me }: { me: Me }) {
  const { t } = useTranslation();
  const units = invitingUnits(me);
  const [unitId, setUnitId] = useState<number | null>(units[0]?.id ?? null);
  const invite = useInvite(unitId);
  const [form, summaryRef] = useFormErrors(IDS);
  const [sent, setSent] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);
  const selectId = useId();

  if (units.length === 0) return <NotFoundPage />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (invite.isPending) return;
    const data = new FormData(event.currentTarget);
    const body = {
      memberNumber: String(data.get('memberNumber') ?? '').trim(),
      email: String(data.get('email') ?? '').trim(),
    };
    const found: Partial<Record<keyof typeof IDS, string>> = {};
    if (!/^[0-9A-Za-z-]{1,30}$/.test(body.memberNumber))
      found.memberNumber = t('registration.register.memberNumberMissing');
    if (body.email === '') found.email = t('auth.emailMissing');
    else if (!EMAIL.test(body.email)) found.email = t('auth.emailInvalid');
    if (Object.keys(found).length > 0) return form.show(t('form.checkFields'), found);
    setSent(null);
    invite.mutate(body, {
      onSuccess: () => {
        form.reset();
        setSent(body.email);
        setFormKey((k) => k + 1);
      },
      onError: (error) => {
        if (isStatus(error, 404))
          return form.show(t('form.checkFields'), { memberNumber: t('registration.invite.notFound') });
        if (isStatus(error, 409))
          return form.show(t('form.checkFields'), { memberNumber: t('registration.invite.hasAccount') });
        form.showProblem(error);
      },
    });
  };

  return (
    <div className="narrow">
      <PageHeader title={t('registration.invite.title')} lead={t('registration.invite.lead')} />
      {sent && (
        <p role="status" className="notice">
          {t('registration.invite.sent', { email: sent })}
        </p>
      )}
      {form.summary && (
        <ErrorSummary ref={summaryRef} id="invite-errors" title={form.summary.title} fields={form.summary.fields} />
      )}
      <Form
        key={formKey}
        onSubmit={onSubmit}
        aria-label={t('registration.invite.title')}
        {...(form.summary ? { 'aria-describedby': 'invite-errors-text' } : {})}
      >
        <div className="field">
          <label className="field__label" htmlFor={selectId}>
            {t('registration.invite.unit')}
          </label>
          <select
            id={selectId}
            className="field__input"
            value={unitId ?? ''}
            onChange={(e) => setUnitId(Number(e.target.value))}
          >
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
        <TextField
          id={IDS.memberNumber}
          name="memberNumber"
          label={t('registration.register.memberNumber')}
          inputMode="numeric"
          autoComplete="off"
          isRequired
          errorMessage={form.errors.memberNumber}
          onChange={form.clear('memberNumber')}
        />
        <TextField
          id={IDS.email}
          name="email"
          type="email"
          label={t('registration.invite.email')}
          autoComplete="off"
          isRequired
          errorMessage={form.errors.email}
          onChange={form.clear('email')}
        />
        <Button type="submit" variant="primary" isPending={invite.isPending}>
          {t('registration.invite.submit')}
        </Button>
      </Form>
    </div>
  );
}

export function Component() {
  const { t } = useTranslation();
  usePageTitle(t('registration.invite.title'));
  return <RequireSignIn>{(me) => <Invite me={me} />}</RequireSignIn>;
}
