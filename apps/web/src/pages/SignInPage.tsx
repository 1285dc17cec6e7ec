import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api.ts';
import { safeNext } from '../lib/format.ts';
import { usePageTitle } from '../lib/page.ts';
import type { Me, SecondFactorMethodName } from '@rotes-netz/shared';
import { isMe, useMe, useSignIn, useSignedIn } from '../lib/session.ts';
import { useInstance } from '../lib/instance.ts';
import { provePasskey } from '../features/security/api.ts';
import { SecondFactorStep } from '../features/security/SecondFactorStep.tsx';
import {
  Button,
  ButtonLink,
  ErrorSummary,
  Form,
  PageHeader,
  TextField,
  TextLink,
  fieldErrors,
  useToast,
} from '../ui/index.ts';

const FIELDS = ['email', 'password'] as const;
type Field = (typeof FIELDS)[number];
const FIELD_IDS: Record<Field, string> = { email: 'sign-in-email', password: 'sign-in-password' };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface Summary {
  title: string;
  fields: { id: string; message: string }[];
}

/**
 * The second factors by name. A record over the shared type (the compiler keeps it complete)
 * instead of shared's list: importing a value from shared's schemas would put all of them into
 * the sign-in page's first load.
 */
const FACTOR_NAMES: Record<SecondFactorMethodName, true> = { totp: true, recovery: true, passkey: true };

/** Second factors still due after the identity provider sent the member back (`?faktor=totp,recovery`). */
function dueFactors(raw: string | null): SecondFactorMethodName[] | null {
  const methods = (raw ?? '').split(',').filter((m): m is SecondFactorMethodName => Object.hasOwn(FACTOR_NAMES, m));
  return methods.length > 0 ? methods : null;
}

/** The sign-in through the party's identity provider came back without a session (`?oidc=…`). */
function partyAccountProblem(raw: string | null): 'notMember' | 'failed' | null {
  if (raw === 'not_member') return 'notMember';
  return raw === null ? null : 'failed';
}

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
  const summaryRef = useRef<HTMLDivElement>(null);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const instance = useInstance();
  const partyProblem = partyAccountProblem(params.get('oidc'));
  const [summary, setSummary] = useState<Summary | null>(() =>
    partyProblem ? { title: t(`auth.partyAccount.${partyProblem}`), fields: [] } : null,
  );
  // The password (or the party account) was right and a second factor is due: the factors the member can use.
  const [methods, setMethods] = useState<SecondFactorMethodName[] | null>(() => dueFactors(params.get('faktor')));
  const signedIn = useSignedIn();

  useEffect(() => {
    if (summary) summaryRef.current?.focus();
  }, [summary]);

  if (me.data && !signIn.isSuccess) return <Navigate to={next} replace />;

  const done = (member: Me) => {
    signedIn(member);
    toast(t('auth.signedIn', { name: member.displayName }), 'success');
    void navigate(next, { replace: true });
  };

  const withPasskey = () => {
    provePasskey('sign-in').then(done, (error: unknown) => {
      // The member closed the browser's passkey prompt: nothing to report.
      if (error instanceof Error && error.name === 'NotAllowedError') return;
      show(error instanceof ApiError ? error.problem.title : t('security.signIn.passkeyFailed'), {});
    });
  };

  const show = (title: string, found: Partial<Record<Field, string>>) => {
    setErrors(found);
    const fields = FIELDS.flatMap((f) => (found[f] ? [{ id: FIELD_IDS[f], message: found[f] }] : []));
    setSummary({ title, fields });
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (signIn.isPending) return;
    const data = new FormData(event.currentTarget);
    const values = { email: String(data.get('email') ?? '').trim(), password: String(data.get('password') ?? '') };
    const found: Partial<Record<Field, string>> = {};
    if (values.email === '') found.email = t('auth.emailMissing');
    else if (!EMAIL.test(values.email)) found.email = t('auth.emailInvalid');
    if (values.password === '') found.password = t('auth.passwordMissing');
    if (Object.keys(found).length > 0) return show(t('form.checkFields'), found);

    signIn.mutate(values, {
      onSuccess: (result) => {
        if (!isMe(result)) {
          setSummary(null);
          return setMethods(result.methods);
        }
        toast(t('auth.signedIn', { name: result.displayName }), 'success');
        void navigate(next, { replace: true });
      },
      onError: (error) => {
        if (!(error instanceof ApiError)) return show(t('errors.unexpected'), {});
        let title = error.problem.title;
        if (error.status === 429 && error.retryAfter !== null) {
          title += ` ${t('auth.retryAfter', { count: error.retryAfter })}`;
        }
        show(title, fieldErrors(error));
      },
    });
  };

  const clear = (field: Field) => () => {
    if (errors[field]) setErrors(({ [field]: _gone, ...rest }) => rest);
  };

  return (
    <div className="narrow">
      <PageHeader title={t('auth.signIn.title')} lead={t('auth.signIn.lead')} />
      {summary && <ErrorSummary ref={summaryRef} id="sign-in-errors" title={summary.title} fields={summary.fields} />}
      {methods ? (
        <SecondFactorStep
          methods={methods}
          onDone={done}
          onCancel={() => {
            setMethods(null);
            signIn.reset();
          }}
        />
      ) : (
        <>
          <Form
            onSubmit={onSubmit}
            aria-label={t('auth.signIn.title')}
            {...(summary ? { 'aria-describedby': 'sign-in-errors-text' } : {})}
          >
            <TextField
              id={FIELD_IDS.email}
              name="email"
              type="email"
              label={t('auth.email')}
              autoComplete="username"
              isRequired
              errorMessage={errors.email}
              onChange={clear('email')}
            />
            <TextField
              id={FIELD_IDS.password}
              name="password"
              type="password"
              label={t('auth.password')}
              autoComplete="current-password"
              isRequired
              errorMessage={errors.password}
              onChange={clear('password')}
            />
            <Button type="submit" variant="primary" isPending={signIn.isPending}>
              {signIn.isPending ? t('auth.signIn.pending') : t('auth.signIn.submit')}
            </Button>
          </Form>
          <p className="hint">{t('security.signIn.or')}</p>
          <Button variant="secondary" onPress={withPasskey}>
            {t('security.signIn.passkey')}
          </Button>
          {instance.partyAccount && (
            <ButtonLink
              variant="secondary"
              reloadDocument
              to={`/api/v1/auth/oidc/start?${new URLSearchParams({ next })}`}
            >
              {t('auth.partyAccount.button')}
            </ButtonLink>
          )}
        </>
      )}
      <p className="hint">{t('auth.signIn.help')}</p>
      <p className="hint">
        <TextLink to="/passwort-vergessen">{t('registration.signIn.forgot')}</TextLink> ·{' '}
        {t('registration.signIn.noAccount')} <TextLink to="/registrieren">{t('registration.nav.register')}</TextLink>
      </p>
    </div>
  );
}
