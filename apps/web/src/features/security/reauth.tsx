import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { Button, Dialog, Form, TextField } from '../../ui/index.ts';
import { reauthenticate } from './api.ts';

/** Thrown into the caller when the member closes the password dialog instead of confirming. */
export class ReauthenticationCancelled extends Error {}

/**
 * Runs a sensitive change; when the server wants the password confirmed first, asks for it in a
 * dialog and retries. Render `dialog` somewhere in the page.
 */
export function useReauthentication(): { run: <T>(fn: () => Promise<T>) => Promise<T>; dialog: ReactNode } {
  const waiting = useRef<{ resolve: () => void; reject: (e: Error) => void } | null>(null);
  const [open, setOpen] = useState(false);

  const run = async <T,>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'reauthentication_required')) throw error;
      await new Promise<void>((resolve, reject) => {
        waiting.current = { resolve, reject };
        setOpen(true);
      });
      return fn();
    }
  };

  const finish = (error?: Error) => {
    const w = waiting.current;
    waiting.current = null;
    setOpen(false);
    if (error) w?.reject(error);
    else w?.resolve();
  };

  return {
    run,
    dialog: (
      <ReauthDialog
        isOpen={open}
        onConfirmed={() => finish()}
        onCancel={() => finish(new ReauthenticationCancelled())}
      />
    ),
  };
}

function ReauthDialog({
  isOpen,
  onConfirmed,
  onCancel,
}: {
  isOpen: boolean;
  onConfirmed: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | undefined>();
  const [pending, setPending] = useState(false);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get('password') ?? '');
    if (password === '') return setError(t('auth.passwordMissing'));
    setPending(true);
    reauthenticate({ password }).then(
      () => {
        setPending(false);
        setError(undefined);
        onConfirmed();
      },
      (e: unknown) => {
        setPending(false);
        setError(e instanceof ApiError ? e.problem.title : t('errors.unexpected'));
      },
    );
  };

  return (
    <Dialog title={t('security.reauth.title')} isOpen={isOpen} onOpenChange={(o) => !o && onCancel()}>
      <p>{t('security.reauth.lead')}</p>
      <Form onSubmit={onSubmit} aria-label={t('security.reauth.title')}>
        <TextField
          name="password"
          type="password"
          label={t('auth.password')}
          autoComplete="current-password"
          isRequired
          errorMessage={error}
          onChange={() => setError(undefined)}
        />
        <Button type="submit" variant="primary" isPending={pending}>
          {t('security.reauth.submit')}
        </Button>
      </Form>
    </Dialog>
  );
}
