import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SecurityOverview, TotpSetup } from '@rotes-netz/shared';
import { ApiError } from '../../api.ts';
import { Button, Card, Form, TextField, useToast } from '../../ui/index.ts';
import { useBeginTotp, useConfirmTotp, useDisableTotp, useRegenerateCodes } from './api.ts';
import { ReauthenticationCancelled } from './reauth.tsx';
import { RecoveryCodesPanel } from './RecoveryCodesPanel.tsx';

type Run = <T>(fn: () => Promise<T>) => Promise<T>;

/** The authenticator app: set up with a QR code and a first code, show recovery codes once, turn off. */
export function TotpCard({ overview, run }: { overview: SecurityOverview; run: Run }) {
  const { t } = useTranslation();
  const toast = useToast();
  const begin = useBeginTotp();
  const confirm = useConfirmTotp();
  const disable = useDisableTotp();
  const regenerate = useRegenerateCodes();
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [codeError, setCodeError] = useState<string | undefined>();

  const fail = (e: unknown) => {
    if (e instanceof ReauthenticationCancelled) return;
    toast(e instanceof ApiError ? e.problem.title : t('errors.unexpected'), 'error');
  };

  const onConfirm = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '').trim();
    if (!/^\d{6}$/.test(code)) return setCodeError(t('security.totp.codeFormat'));
    run(() => confirm.mutateAsync(code)).then(
      (r) => {
        setSetup(null);
        setCodes(r.codes);
        toast(t('security.totp.enabled'), 'success');
      },
      (e: unknown) =>
        e instanceof ApiError && e.code === 'second_factor_invalid' ? setCodeError(e.problem.title) : fail(e),
    );
  };

  let body: ReactNode;
  if (codes) {
    body = <RecoveryCodesPanel codes={codes} onDone={() => setCodes(null)} />;
  } else if (setup) {
    body = (
      <>
        <p>{t('security.totp.scan')}</p>
        <img
          className="security-qr"
          src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qrSvg)}`}
          alt={t('security.totp.qrAlt')}
          width={200}
          height={200}
        />
        <p>
          {t('security.totp.manual')}{' '}
          <code className="security-secret" data-testid="totp-secret">
            {setup.secret}
          </code>
        </p>
        <Form onSubmit={onConfirm} aria-label={t('security.totp.confirm')}>
          <TextField
            name="code"
            label={t('security.totp.code')}
            inputMode="numeric"
            autoComplete="one-time-code"
            isRequired
            errorMessage={codeError}
            onChange={() => setCodeError(undefined)}
          />
          <div className="button-row">
            <Button type="submit" variant="primary" isPending={confirm.isPending}>
              {t('security.totp.confirm')}
            </Button>
            <Button variant="quiet" onPress={() => setSetup(null)}>
              {t('security.cancel')}
            </Button>
          </div>
        </Form>
      </>
    );
  } else if (overview.totp.enabled) {
    body = (
      <>
        <p>{t('security.totp.on', { count: overview.totp.recoveryCodesLeft })}</p>
        <div className="button-row">
          <Button
            variant="secondary"
            onPress={() => run(() => regenerate.mutateAsync()).then((r) => setCodes(r.codes), fail)}
          >
            {t('security.totp.newCodes')}
          </Button>
          <Button
            variant="secondary"
            onPress={() =>
              run(() => disable.mutateAsync()).then(() => toast(t('security.totp.disabled'), 'success'), fail)
            }
          >
            {t('security.totp.disable')}
          </Button>
        </div>
      </>
    );
  } else {
    body = (
      <>
        <p>{t('security.totp.off')}</p>
        <Button
          variant="primary"
          isPending={begin.isPending}
          onPress={() => run(() => begin.mutateAsync()).then(setSetup, fail)}
        >
          {t('security.totp.setUp')}
        </Button>
      </>
    );
  }
  return <Card title={t('security.totp.title')}>{body}</Card>;
}
