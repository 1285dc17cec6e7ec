import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { DataExportStarted } from '@rotes-netz/shared';
import { ApiError } from '../../api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { usePageTitle } from '../../lib/page.ts';
import { RequireSignIn } from '../../pages/RequireSignIn.tsx';
import { Button, Card, Dialog, ErrorSummary, PageHeader, TextField, useToast } from '../../ui/index.ts';
import { useDeleteAccount, useRequestExport } from './privacy.api.ts';

/** "/konto/daten": download all one's data, or delete the account. */
export function Component() {
  return <RequireSignIn>{() => <MyData />}</RequireSignIn>;
}

function MyData() {
  const { t } = useTranslation();
  usePageTitle(t('privacy.data.title'));
  return (
    <>
      <PageHeader title={t('privacy.data.title')} lead={t('privacy.data.lead')} />
      <ExportCard />
      <DeleteCard />
    </>
  );
}

function ExportCard() {
  const { t, i18n } = useTranslation();
  const request = useRequestExport();
  const [password, setPassword] = useState('');
  const [started, setStarted] = useState<DataExportStarted | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate(password, {
      onSuccess: (result) => {
        setPassword('');
        setStarted(result);
      },
    });
  };
  const error = request.error instanceof ApiError ? request.error.problem.title : undefined;

  return (
    <Card title={t('privacy.data.exportTitle')}>
      <p>{t('privacy.data.exportText')}</p>
      {started ? (
        <div role="status">
          <p>{t('privacy.data.ready', { time: formatDateTime(started.expiresAt, i18n.language) })}</p>
          <p>
            <a className="button button--primary" href={new URL(started.downloadUrl).pathname} download>
              {t('privacy.data.download')}
            </a>
          </p>
        </div>
      ) : (
        <form className="form" onSubmit={submit} noValidate aria-label={t('privacy.data.exportTitle')}>
          <TextField
            id="export-password"
            label={t('privacy.data.password')}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
            errorMessage={error}
            isRequired
          />
          <div>
            <Button type="submit" variant="primary" isPending={request.isPending}>
              {t('privacy.data.request')}
            </Button>
          </div>
        </form>
      )}
    </Card>
  );
}

function DeleteCard() {
  const { t } = useTranslation();
  const toast = useToast();
  const navigate = useNavigate();
  const remove = useDeleteAccount();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [word, setWord] = useState('');
  const [wordError, setWordError] = useState<string | undefined>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (word !== 'LÖSCHEN') {
      setWordError(t('privacy.delete.wordWrong'));
      return;
    }
    remove.mutate(password, {
      onSuccess: () => {
        toast(t('privacy.delete.done'), 'success');
        void navigate('/');
      },
    });
  };
  const error = remove.error instanceof ApiError ? remove.error.problem.title : undefined;

  return (
    <Card title={t('privacy.delete.title')}>
      <p>{t('privacy.delete.text')}</p>
      <Button variant="secondary" onPress={() => setOpen(true)}>
        {t('privacy.delete.open')}
      </Button>
      <Dialog title={t('privacy.delete.confirmTitle')} isOpen={open} onOpenChange={setOpen}>
        <form className="form" onSubmit={submit} noValidate aria-label={t('privacy.delete.confirmTitle')}>
          <p>{t('privacy.delete.confirmText')}</p>
          {error && <ErrorSummary title={error} />}
          <TextField
            id="delete-password"
            label={t('privacy.data.password')}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
            isRequired
          />
          <TextField
            id="delete-word"
            label={t('privacy.delete.word')}
            value={word}
            onChange={(value) => {
              setWord(value);
              setWordError(undefined);
            }}
            errorMessage={wordError}
            isRequired
          />
          <div>
            <Button type="submit" variant="primary" isPending={remove.isPending}>
              {t('privacy.delete.submit')}
            </Button>
          </div>
        </form>
      </Dialog>
    </Card>
  );
}
