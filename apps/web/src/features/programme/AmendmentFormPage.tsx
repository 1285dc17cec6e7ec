import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import type { Me } from '@rotes-netz/shared';
import { isStatus } from '../../api.ts';
import { usePageTitle } from '../../lib/page.ts';
import { NotFoundPage } from '../../pages/NotFoundPage.tsx';
import { RequireSignIn } from '../../pages/RequireSignIn.tsx';
import { Button, Card, ErrorSummary, fieldErrors, Form, PageHeader, Spinner, TextLink } from '../../ui/index.ts';
import { SelectField, TextAreaField } from './fields.tsx';
import { boardUnits } from './IdeaFormPage.tsx';
import { useDraft, useFileAmendment, useProcess } from './programme.api.ts';

type Kind = 'replace' | 'delete' | 'insert';

/** "/programm/:id/antraege/neu?from=&to=": an amendment to the selected lines of the current draft. */
export function Component() {
  return <RequireSignIn>{(me) => <AmendmentForm me={me} />}</RequireSignIn>;
}

function AmendmentForm({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const process = useProcess(id);
  const version = process.data?.currentDraft?.version;
  const draft = useDraft(id, version);
  const from = Number(params.get('from') ?? '1');
  const to = Number(params.get('to') ?? String(from));
  const original =
    draft.data?.lines
      .filter((l) => l.number >= from && l.number <= to)
      .map((l) => l.text)
      .join(' ') ?? '';
  const [kind, setKind] = useState<Kind>('replace');
  const [text, setText] = useState<string | undefined>(undefined);
  const [reason, setReason] = useState('');
  const [unit, setUnit] = useState('');
  const file = useFileAmendment(id);
  usePageTitle(t('programme.amendmentForm.title'));
  if (isStatus(process.error, 404) || isStatus(process.error, 422)) return <NotFoundPage />;
  if (process.isPending || draft.isPending) return <Spinner label={t('common.loading')} />;
  const errors = fieldErrors(file.error);
  const units = boardUnits(me);
  const value = text ?? (kind === 'insert' ? '' : original);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    file.mutate(
      {
        draftVersion: version!,
        kind,
        fromLine: from,
        toLine: kind === 'insert' ? from : to,
        text: kind === 'delete' ? '' : value,
        reason,
        ...(unit ? { unitId: Number(unit) } : {}),
      },
      { onSuccess: (a) => void navigate(`/programm/${id}/antraege#antrag-${a.id}`) },
    );
  };
  return (
    <>
      <PageHeader
        title={t('programme.amendmentForm.title')}
        lead={t('programme.amendmentForm.lead', { from, to: kind === 'insert' ? from : to, version })}
      />
      <p>
        <TextLink to={`/programm/${id}/entwurf`}>{t('programme.amendmentForm.back')}</TextLink>
      </p>
      <Card title={t('programme.amendmentForm.original')}>
        <blockquote className="prose">{original || t('programme.amendmentForm.noLines')}</blockquote>
      </Card>
      <Form onSubmit={submit}>
        {file.error && <ErrorSummary title={file.error.message} />}
        <SelectField label={t('programme.amendmentForm.kind')} value={kind} onChange={setKind}>
          <option value="replace">{t('programme.kind.replace')}</option>
          <option value="delete">{t('programme.kind.delete')}</option>
          <option value="insert">{t('programme.kind.insert', { line: from })}</option>
        </SelectField>
        {kind !== 'delete' && (
          <TextAreaField
            label={kind === 'insert' ? t('programme.amendmentForm.insertText') : t('programme.amendmentForm.newText')}
            value={value}
            onChange={setText}
            isRequired
            errorMessage={errors.text}
          />
        )}
        <TextAreaField
          label={t('programme.amendmentForm.reason')}
          value={reason}
          onChange={setReason}
          rows={4}
          isRequired
          errorMessage={errors.reason}
        />
        {units.length > 0 && (
          <SelectField label={t('programme.ideaForm.for')} value={unit} onChange={setUnit} errorMessage={errors.unitId}>
            <option value="">{t('programme.ideaForm.forMe')}</option>
            {units.map((u) => (
              <option key={u.id} value={String(u.id)}>
                {u.name}
              </option>
            ))}
          </SelectField>
        )}
        <Button type="submit" variant="primary" isPending={file.isPending}>
          {t('programme.amendmentForm.submit')}
        </Button>
      </Form>
    </>
  );
}
