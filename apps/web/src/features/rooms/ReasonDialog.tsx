/** Dialogs that ask for a reason (report, hide) and for a ban's end and reason. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { Button, Dialog, fieldErrors, Form, TextField } from '../../ui/index.ts';

export interface ReasonDialogProps {
  title: string;
  label: string;
  submitLabel: string;
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  /** Resolves when done (the dialog closes); rejects with the API's error (shown in the dialog). */
  onSubmit: (reason: string) => Promise<unknown>;
  maxLength?: number;
  lead?: string;
}

export function ReasonDialog({
  title,
  label,
  submitLabel,
  isOpen,
  onOpenChange,
  onSubmit,
  maxLength = 1000,
  lead,
}: ReasonDialogProps) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async () => {
    if (reason.trim() === '') {
      setError(t('rooms.reasonMissing'));
      return;
    }
    setPending(true);
    try {
      await onSubmit(reason.trim());
      setReason('');
      setError(null);
      onOpenChange(false);
    } catch (e) {
      setError(fieldErrors(e).reason ?? (e instanceof ApiError ? e.problem.title : t('errors.unexpected')));
    } finally {
      setPending(false);
    }
  };

  return (
    <Dialog title={title} isOpen={isOpen} onOpenChange={onOpenChange}>
      {lead && <p>{lead}</p>}
      <Form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <TextField
          label={label}
          value={reason}
          onChange={(v) => {
            setReason(v);
            setError(null);
          }}
          maxLength={maxLength}
          isRequired
          errorMessage={error ?? undefined}
        />
        <Button type="submit" variant="primary" isPending={pending}>
          {submitLabel}
        </Button>
      </Form>
    </Dialog>
  );
}

/** A ban from a room: until when (a date) and why (shown to the banned member). */
export function BanDialog({
  memberName,
  isOpen,
  onOpenChange,
  onSubmit,
}: {
  memberName: string;
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  onSubmit: (ban: { until: string; reason: string }) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [until, setUntil] = useState(() => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10));
  const [today] = useState(() => new Date().toISOString().slice(0, 10));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async () => {
    if (reason.trim() === '' || !until) {
      setError(t('rooms.reasonMissing'));
      return;
    }
    setPending(true);
    try {
      // The end of the chosen day, local time.
      await onSubmit({ until: new Date(`${until}T23:59:59`).toISOString(), reason: reason.trim() });
      setReason('');
      setError(null);
      onOpenChange(false);
    } catch (e) {
      const fields = fieldErrors(e);
      setError(fields.reason ?? fields.until ?? (e instanceof ApiError ? e.problem.title : t('errors.unexpected')));
    } finally {
      setPending(false);
    }
  };

  return (
    <Dialog title={t('rooms.ban.title', { name: memberName })} isOpen={isOpen} onOpenChange={onOpenChange}>
      <p>{t('rooms.ban.lead')}</p>
      <Form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {error && (
          <p className="field__error" role="alert">
            {error}
          </p>
        )}
        <div className="field">
          <label className="field__label" htmlFor="ban-until">
            {t('rooms.ban.until')}
          </label>
          <input
            id="ban-until"
            type="date"
            className="field__input"
            value={until}
            min={today}
            onChange={(e) => setUntil(e.target.value)}
            required
          />
        </div>
        <TextField label={t('rooms.ban.reason')} value={reason} onChange={setReason} maxLength={500} isRequired />
        <Button type="submit" variant="primary" isPending={pending}>
          {t('rooms.ban.submit')}
        </Button>
      </Form>
    </Dialog>
  );
}
