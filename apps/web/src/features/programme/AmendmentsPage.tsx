import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { AMENDMENT_PROCEDURES, type Amendment, type AmendmentProcedure } from '@rotes-netz/shared';
import { isStatus } from '../../api.ts';
import { usePageTitle } from '../../lib/page.ts';
import { ErrorNotice } from '../../pages/ErrorNotice.tsx';
import { NotFoundPage } from '../../pages/NotFoundPage.tsx';
import { RequireSignIn } from '../../pages/RequireSignIn.tsx';
import {
  Button,
  EmptyState,
  ErrorSummary,
  Form,
  PageHeader,
  Spinner,
  TextField,
  TextLink,
  useToast,
} from '../../ui/index.ts';
import { Diff } from './Diff.tsx';
import { CheckboxField, SelectField, TextAreaField } from './fields.tsx';
import { useAmendments, useAmendmentSupport, useDecideAmendment, useProcess } from './programme.api.ts';

/** "/programm/:id/antraege": amendments in line order with their diffs, supporters and procedures. */
export function Component() {
  return <RequireSignIn>{() => <Amendments />}</RequireSignIn>;
}

function Amendments() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const process = useProcess(id);
  const [chapter, setChapter] = useState('');
  const [status, setStatus] = useState<'' | 'collecting' | 'submitted'>('');
  const [mine, setMine] = useState(false);
  const amendments = useAmendments(id, {
    ...(chapter ? { chapterId: Number(chapter) } : {}),
    ...(status ? { status } : {}),
    mine,
  });
  usePageTitle(t('programme.amendments.title'));
  if (isStatus(process.error, 404) || isStatus(process.error, 422)) return <NotFoundPage />;
  return (
    <>
      <PageHeader title={t('programme.amendments.title')} lead={process.data?.title} />
      <p>
        <TextLink to={`/programm/${id}`}>{t('programme.backToProcess')}</TextLink>
        {process.data?.currentDraft && (
          <>
            {' · '}
            <TextLink to={`/programm/${id}/entwurf`}>{t('programme.amendments.toDraft')}</TextLink>
          </>
        )}
      </p>
      <div className="programme-filters" role="group" aria-label={t('programme.ideas.filters')}>
        <SelectField label={t('programme.ideas.chapter')} value={chapter} onChange={setChapter}>
          <option value="">{t('programme.ideas.allChapters')}</option>
          {process.data?.chapters.map((c) => (
            <option key={c.id} value={String(c.id)}>
              {c.title}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('programme.ideas.status')} value={status} onChange={setStatus}>
          <option value="">{t('programme.ideas.allStatuses')}</option>
          <option value="collecting">{t('programme.amendments.collecting')}</option>
          <option value="submitted">{t('programme.amendments.submitted')}</option>
        </SelectField>
        <CheckboxField label={t('programme.amendments.mine')} checked={mine} onChange={setMine} />
      </div>
      {amendments.isPending && <Spinner label={t('common.loading')} />}
      {amendments.isError && <ErrorNotice error={amendments.error} onRetry={() => void amendments.refetch()} />}
      {amendments.data?.items.length === 0 && <EmptyState title={t('programme.amendments.empty')} />}
      <ul className="plain-list">
        {amendments.data?.items.map((a) => (
          <AmendmentCard key={a.id} amendment={a} />
        ))}
      </ul>
    </>
  );
}

function AmendmentCard({ amendment: a }: { amendment: Amendment }) {
  const { t } = useTranslation();
  const toast = useToast();
  const support = useAmendmentSupport(a.id);
  const lines =
    a.fromLine === a.toLine
      ? t('programme.line', { n: a.fromLine })
      : t('programme.lines', { from: a.fromLine, to: a.toLine });
  return (
    <li className="amendment-card" id={`antrag-${a.id}`}>
      <h2>{t('programme.amendments.heading', { id: a.id, lines, version: a.draftVersion })}</h2>
      <p className="amendment-card__meta">
        {a.chapter.title} · {t(`programme.kind.${a.kind}`, { line: a.fromLine })} ·{' '}
        {a.unit?.name ?? a.filer?.displayName ?? t('programme.unknownAuthor')} ·{' '}
        <span className="status-tag">
          {a.status === 'submitted' ? t('programme.amendments.submitted') : t('programme.amendments.collecting')}
        </span>
      </p>
      <Diff parts={a.diff} />
      <p>
        <strong>{t('programme.amendments.reason')}:</strong> {a.reason}
      </p>
      {a.overlapsWith.length > 0 && (
        <p className="hint">
          {t('programme.amendments.overlaps', { ids: a.overlapsWith.map((i) => `Ä${i}`).join(', ') })}
        </p>
      )}
      <p>
        <span aria-live="polite">
          {t('programme.amendments.supporters', { count: a.supportCount, threshold: a.threshold })}
        </span>{' '}
        {a.permissions.support && (
          <Button
            variant={a.supported ? 'secondary' : 'primary'}
            aria-pressed={a.supported}
            isPending={support.isPending}
            onPress={() => support.mutate(!a.supported, { onError: (e) => toast(e.message, 'error') })}
          >
            {a.supported ? t('programme.ideas.supported') : t('programme.ideas.support')}
          </Button>
        )}
      </p>
      {a.procedure && (
        <p>
          <strong>{t('programme.amendments.procedure')}:</strong> {t(`programme.procedure.${a.procedure.kind}`)}
          {a.procedure.settledById && ` Ä${a.procedure.settledById}`}
          {a.procedure.text && <> – {a.procedure.text}</>}
          {a.procedure.note && <> ({a.procedure.note})</>}
          {a.mergedIntoVersion && <> · {t('programme.amendments.merged', { version: a.mergedIntoVersion })}</>}
        </p>
      )}
      {a.permissions.decide && a.mergedIntoVersion === null && <ProcedureEditor amendment={a} />}
    </li>
  );
}

function ProcedureEditor({ amendment: a }: { amendment: Amendment }) {
  const { t } = useTranslation();
  const toast = useToast();
  const decide = useDecideAmendment(a.id);
  const [procedure, setProcedure] = useState<AmendmentProcedure>(a.procedure?.kind ?? 'accept');
  const [text, setText] = useState(a.procedure?.text ?? a.text);
  const [note, setNote] = useState(a.procedure?.note ?? '');
  const [settledBy, setSettledBy] = useState(a.procedure?.settledById ? String(a.procedure.settledById) : '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    decide.mutate(
      {
        procedure,
        ...(procedure === 'modified' ? { text } : {}),
        ...(note ? { note } : {}),
        ...(procedure === 'settled' && settledBy ? { settledById: Number(settledBy) } : {}),
        expectedVersion: a.version,
      },
      { onSuccess: () => toast(t('programme.amendments.decided'), 'success') },
    );
  };
  return (
    <details>
      <summary>{t('programme.amendments.decide')}</summary>
      <Form onSubmit={submit}>
        {decide.error && <ErrorSummary title={decide.error.message} />}
        <SelectField label={t('programme.amendments.procedure')} value={procedure} onChange={setProcedure}>
          {AMENDMENT_PROCEDURES.map((p) => (
            <option key={p} value={p}>
              {t(`programme.procedure.${p}`)}
            </option>
          ))}
        </SelectField>
        {procedure === 'modified' && (
          <TextAreaField label={t('programme.amendments.modifiedText')} value={text} onChange={setText} />
        )}
        {procedure === 'settled' && (
          <TextField
            label={t('programme.amendments.settledBy')}
            inputMode="numeric"
            value={settledBy}
            onChange={setSettledBy}
          />
        )}
        <TextAreaField label={t('programme.amendments.note')} value={note} onChange={setNote} rows={3} />
        <Button type="submit" variant="primary" isPending={decide.isPending}>
          {t('programme.amendments.save')}
        </Button>
      </Form>
    </details>
  );
}
