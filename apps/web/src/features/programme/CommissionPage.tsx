import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { IDEA_STATUSES, type IdeaStatus, type MergeResult, type Process } from '@rotes-netz/shared';
import { API_BASE, isStatus } from '../../api.ts';
import { usePageTitle } from '../../lib/page.ts';
import { ErrorNotice } from '../../pages/ErrorNotice.tsx';
import { NotFoundPage } from '../../pages/NotFoundPage.tsx';
import { RequireSignIn } from '../../pages/RequireSignIn.tsx';
import {
  Button,
  Card,
  EmptyState,
  ErrorSummary,
  Form,
  PageHeader,
  Spinner,
  TextField,
  TextLink,
  useToast,
} from '../../ui/index.ts';
import { SelectField, TextAreaField } from './fields.tsx';
import { useBulkStatus, useDraft, useIdeas, useMerge, useProcess, usePublishDraft } from './programme.api.ts';

/** "/programm/:id/kommission": triage of ideas, publishing drafts, merging amendments, exports. */
export function Component() {
  return <RequireSignIn>{() => <Commission />}</RequireSignIn>;
}

function Commission() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const process = useProcess(id);
  usePageTitle(t('programme.commission.title'));
  if (isStatus(process.error, 404) || isStatus(process.error, 422)) return <NotFoundPage />;
  if (process.isPending) return <Spinner label={t('common.loading')} />;
  if (process.isError) return <ErrorNotice error={process.error} onRetry={() => void process.refetch()} />;
  if (!process.data.permissions.commission) return <NotFoundPage />;
  return (
    <>
      <PageHeader title={t('programme.commission.title')} lead={process.data.title} />
      <p>
        <TextLink to={`/programm/${id}`}>{t('programme.backToProcess')}</TextLink>
      </p>
      <Triage processId={id} />
      <PublishDraft process={process.data} />
      <Merge processId={id} />
      <Card title={t('programme.commission.exports')}>
        <ul className="plain-list">
          {(['ideas.csv', 'amendments.csv', 'amendment-book.pdf'] as const).map((file) => (
            <li key={file}>
              <a className="link" href={`${API_BASE}/programme/processes/${id}/${file}`} download>
                {t(`programme.commission.export.${file.replace(/[.-]/g, '_')}`)}
              </a>
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}

function Triage({ processId }: { processId: string }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [filter, setFilter] = useState<IdeaStatus | ''>('submitted');
  const ideas = useIdeas(processId, { ...(filter ? { status: filter } : {}), sort: 'support', limit: 100 });
  const bulk = useBulkStatus(processId);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [target, setTarget] = useState<IdeaStatus>('in_review');
  const toggle = (ideaId: number) => {
    const next = new Set(selected);
    if (next.has(ideaId)) next.delete(ideaId);
    else next.add(ideaId);
    setSelected(next);
  };
  const apply = () => {
    const items = (ideas.data?.items ?? [])
      .filter((i) => selected.has(i.id))
      .map((i) => ({ id: i.id, expectedVersion: i.version }));
    bulk.mutate(
      { status: target, items },
      {
        onSuccess: () => {
          setSelected(new Set());
          toast(t('programme.commission.bulkDone', { count: items.length }), 'success');
        },
      },
    );
  };
  return (
    <Card title={t('programme.commission.triage')}>
      <SelectField
        label={t('programme.ideas.status')}
        value={filter}
        onChange={(v) => {
          setFilter(v);
          setSelected(new Set());
        }}
      >
        <option value="">{t('programme.ideas.allStatuses')}</option>
        {IDEA_STATUSES.map((s) => (
          <option key={s} value={s}>
            {t(`programme.status.${s}`)}
          </option>
        ))}
      </SelectField>
      {ideas.isPending && <Spinner label={t('common.loading')} />}
      {ideas.data?.items.length === 0 && <EmptyState title={t('programme.ideas.empty')} />}
      {ideas.data && ideas.data.items.length > 0 && (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">{t('programme.commission.triage')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('programme.commission.select')}</th>
                <th scope="col">{t('programme.ideaForm.name')}</th>
                <th scope="col">{t('programme.ideas.chapter')}</th>
                <th scope="col">{t('programme.commission.supports')}</th>
                <th scope="col">{t('programme.ideas.status')}</th>
              </tr>
            </thead>
            <tbody>
              {ideas.data.items.map((idea) => (
                <tr key={idea.id}>
                  <td>
                    <input
                      type="checkbox"
                      checked={selected.has(idea.id)}
                      onChange={() => toggle(idea.id)}
                      aria-label={t('programme.commission.selectIdea', { title: idea.title })}
                    />
                  </td>
                  <td data-label={t('programme.ideaForm.name')}>
                    <Link className="link" to={`/programm/${processId}/ideen/${idea.id}`}>
                      {idea.title}
                    </Link>
                  </td>
                  <td data-label={t('programme.ideas.chapter')}>{idea.chapter.title}</td>
                  <td data-label={t('programme.commission.supports')}>{idea.supportCount}</td>
                  <td data-label={t('programme.ideas.status')}>{t(`programme.status.${idea.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {bulk.error && <ErrorSummary title={bulk.error.message} />}
      <div className="programme-filters">
        <SelectField label={t('programme.commission.newStatus')} value={target} onChange={setTarget}>
          {IDEA_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`programme.status.${s}`)}
            </option>
          ))}
        </SelectField>
        <Button isDisabled={selected.size === 0} isPending={bulk.isPending} onPress={apply}>
          {t('programme.commission.applyStatus', { count: selected.size })}
        </Button>
      </div>
    </Card>
  );
}

function PublishDraft({ process }: { process: Process }) {
  const { t } = useTranslation();
  const toast = useToast();
  const current = useDraft(String(process.id), process.currentDraft?.version);
  const publish = usePublishDraft(String(process.id));
  const [texts, setTexts] = useState<Record<number, string>>({});
  const [note, setNote] = useState('');
  const textOf = (chapterId: number) =>
    texts[chapterId] ?? current.data?.chapters.find((c) => c.id === chapterId)?.text ?? '';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    publish.mutate(
      { note, chapters: process.chapters.map((c) => ({ chapterId: c.id, text: textOf(c.id) })) },
      {
        onSuccess: (draft) => {
          setTexts({});
          toast(t('programme.commission.published', { version: draft.version }), 'success');
        },
      },
    );
  };
  return (
    <Card title={t('programme.commission.publish')}>
      <Form onSubmit={submit}>
        {publish.error && <ErrorSummary title={publish.error.message} />}
        <p className="hint">{t('programme.commission.publishHint')}</p>
        {process.chapters.map((c) => (
          <TextAreaField
            key={c.id}
            label={c.title}
            value={textOf(c.id)}
            onChange={(v) => setTexts({ ...texts, [c.id]: v })}
            rows={10}
          />
        ))}
        <TextField label={t('programme.commission.note')} value={note} onChange={setNote} />
        <Button type="submit" variant="primary" isPending={publish.isPending}>
          {t('programme.commission.publishSubmit')}
        </Button>
      </Form>
    </Card>
  );
}

function Merge({ processId }: { processId: string }) {
  const { t } = useTranslation();
  const merge = useMerge(processId);
  const [note, setNote] = useState('');
  const [result, setResult] = useState<MergeResult | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    merge.mutate(note, { onSuccess: setResult });
  };
  return (
    <Card title={t('programme.commission.merge')}>
      <Form onSubmit={submit}>
        {merge.error && <ErrorSummary title={merge.error.message} />}
        <p className="hint">{t('programme.commission.mergeHint')}</p>
        <TextField label={t('programme.commission.note')} value={note} onChange={setNote} />
        <Button type="submit" isPending={merge.isPending}>
          {t('programme.commission.mergeSubmit')}
        </Button>
      </Form>
      {result && (
        <div role="status">
          <p>
            {t('programme.commission.merged', {
              version: result.draft.version,
              ids: result.merged.map((i) => `Ä${i}`).join(', ') || '–',
            })}
          </p>
          {result.overlapping.length > 0 && (
            <p className="hint">
              {t('programme.commission.overlapping', {
                pairs: result.overlapping.map((p) => p.map((i) => `Ä${i}`).join(' / ')).join('; '),
              })}
            </p>
          )}
          <TextLink to={`/programm/${processId}/entwurf/${result.draft.version}`}>
            {t('programme.draft.title', { version: result.draft.version })}
          </TextLink>
        </div>
      )}
    </Card>
  );
}
