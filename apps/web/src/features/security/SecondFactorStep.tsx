import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me, SecondFactorMethodName } from '@rotes-netz/shared';
import { ApiError } from '../../api.ts';
import { Button, Form, TextField } from '../../ui/index.ts';
import { provePasskey, submitSecondFactorCode } from './api.ts';

/** The second step of signing in: a code from the app, a recovery code, or a passkey. */
export function SecondFactorStep({
  methods,
  onDone,
  onCancel,
}: {
  methods: SecondFactorMethodName[];
  onDone: (me: Me) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const hasCode = methods.includes('totp');
  const [method, setMethod] = useState<'totp' | 'recovery'>('totp');
  const [error, setError] = useState<string | undefined>();
  const [pending, setPending] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  // The password form is gone: move focus to the new step so screen readers announce it.
  useEffect(() => heading.current?.focus(), []);

  const fail = (e: unknown) => {
    setPending(false);
    if (e instanceof Error && e.name === 'NotAllowedError') return;
    setError(e instanceof ApiError ? e.problem.title : t('security.signIn.passkeyFailed'));
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '').trim();
    if (code === '') return setError(t('security.signIn.codeMissing'));
    setPending(true);
    submitSecondFactorCode(method, code).then(onDone, fail);
  };

  return (
    <div className="second-factor">
      <h2 ref={heading} tabIndex={-1}>
        {t('security.signIn.title')}
      </h2>
      {hasCode && (
        <Form onSubmit={onSubmit} aria-label={t('security.signIn.title')}>
          <TextField
            key={method}
            name="code"
            label={method === 'totp' ? t('security.signIn.totp') : t('security.signIn.recovery')}
            {...(method === 'totp'
              ? {
                  inputMode: 'numeric' as const,
                  autoComplete: 'one-time-code',
                  description: t('security.signIn.totpHint'),
                }
              : { autoComplete: 'off', description: t('security.signIn.recoveryHint') })}
            isRequired
            errorMessage={error}
            onChange={() => setError(undefined)}
          />
          <div className="button-row">
            <Button type="submit" variant="primary" isPending={pending}>
              {t('security.signIn.confirm')}
            </Button>
            <Button variant="quiet" onPress={() => setMethod(method === 'totp' ? 'recovery' : 'totp')}>
              {method === 'totp' ? t('security.signIn.useRecovery') : t('security.signIn.useTotp')}
            </Button>
          </div>
        </Form>
      )}
      {!hasCode && error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        {methods.includes('passkey') && (
          <Button
            variant={hasCode ? 'secondary' : 'primary'}
            onPress={() => {
              setPending(true);
              provePasskey('second-factor').then(onDone, fail);
            }}
          >
            {t('security.signIn.usePasskey')}
          </Button>
        )}
        <Button variant="quiet" onPress={onCancel}>
          {t('security.cancel')}
        </Button>
      </div>
    </div>
  );
}
