import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SecurityOverview } from '@rotes-netz/shared';
import { ApiError } from '../../api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { Button, Card, Form, TextField, useToast } from '../../ui/index.ts';
import { useAddPasskey, useRemovePasskey } from './api.ts';
import { ReauthenticationCancelled } from './reauth.tsx';

type Run = <T>(fn: () => Promise<T>) => Promise<T>;

/** The member's passkeys: list, add with a name, remove. */
export function PasskeysCard({ overview, run }: { overview: SecurityOverview; run: Run }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const add = useAddPasskey();
  const remove = useRemovePasskey();
  const [nameError, setNameError] = useState<string | undefined>();

  const fail = (e: unknown) => {
    if (e instanceof ReauthenticationCancelled) return;
    // The member closed the browser's passkey prompt: nothing to report.
    if (e instanceof Error && e.name === 'NotAllowedError') return;
    toast(e instanceof ApiError ? e.problem.title : t('security.passkeys.failed'), 'error');
  };

  const onAdd = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get('name') ?? '').trim();
    if (name === '') return setNameError(t('security.passkeys.nameMissing'));
    run(() => add.mutateAsync(name)).then(() => {
      form.reset();
      toast(t('security.passkeys.added', { name }), 'success');
    }, fail);
  };

  return (
    <Card title={t('security.passkeys.title')}>
      <p>{t('security.passkeys.lead')}</p>
      {overview.passkeys.length === 0 ? (
        <p className="hint">{t('security.passkeys.none')}</p>
      ) : (
        <ul className="security-list">
          {overview.passkeys.map((p) => (
            <li key={p.id} className="security-list__item">
              <div>
                <strong>{p.name}</strong>
                <div className="hint">
                  {t('security.passkeys.created', { date: formatDateTime(p.createdAt, i18n.language) })}
                </div>
              </div>
              <Button
                variant="secondary"
                aria-label={t('security.passkeys.removeOne', { name: p.name })}
                onPress={() =>
                  run(() => remove.mutateAsync(p.id)).then(() => toast(t('security.passkeys.removed'), 'success'), fail)
                }
              >
                {t('security.passkeys.remove')}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <Form onSubmit={onAdd} aria-label={t('security.passkeys.add')}>
        <TextField
          name="name"
          label={t('security.passkeys.name')}
          description={t('security.passkeys.nameHint')}
          maxLength={60}
          isRequired
          errorMessage={nameError}
          onChange={() => setNameError(undefined)}
        />
        <Button type="submit" variant="primary" isPending={add.isPending}>
          {t('security.passkeys.add')}
        </Button>
      </Form>
    </Card>
  );
}
