import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { IDEA_STATUSES, type Idea, type IdeaStatus } from '@rotes-netz/shared';
import { isStatus } from '../../api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { usePageTitle } from '../../lib/page.ts';
import { ErrorNotice } from '../../pages/ErrorNotice.tsx';
import { NotFoundPage } from '../../pages/NotFoundPage.tsx';
import { RequireSignIn } from '../../pages/RequireSignIn.tsx';
import {
  Button,
  Card,
  ErrorSummary,
  Form,
  PageHeader,
  Spinner,
  TextField,
  TextLink,
  useToast,
} from '../../ui/index.ts';
import { AttachmentList } from '../rooms/AttachmentList.tsx';
import { Comments } from './Comments.tsx';
import { SelectField, TextAreaField } from './fields.tsx';
import { IdeaSupport } from './IdeaSupport.tsx';
import { useAnswerIdea, useIdea, useProcess } from './programme.api.ts';

/** "/programm/:id/ideen/:ideaId": one idea with its support, the commission's answer and the discussion. */
export function Component() {
  return <RequireSignIn>{() => <IdeaDetail />}</RequireSignIn>;
}

function IdeaDetail() {
  const { t, i18n } = useTranslation();
  const { id = '', ideaId = '' } = useParams();
  const idea = useIdea(ideaId);
  const process = useProcess(id);
  usePageTitle(idea.data?.title ?? t('programme.ideas.title'));
  if (isStatus(idea.error, 404) || isStatus(idea.error, 422)) return <NotFoundPage />;
  if (idea.isPending) return <Spinner label={t('common.loading')} />;
  if (idea.isError) return <ErrorNotice error={idea.error} onRetry={() => void idea.refetch()} />;
  const i = idea.data;
  return (
    <>
      <PageHeader
        title={i.title}
        lead={`${i.chapter.title} · ${i.unit?.name ?? i.author?.displayName ?? t('programme.unknownAuthor')} · ${formatDateTime(i.createdAt, i18n.language)}`}
      />
      <p>
        <TextLink to={`/programm/${id}/ideen`}>{t('programme.ideas.back')}</TextLink>
      </p>
      <p>
        <span className="status-tag">{t(`programme.status.${i.status}`)}</span>
      </p>
      {/* Rendered by the server from Markdown without raw HTML (markdown-it, html: false). */}
      <div className="prose" dangerouslySetInnerHTML={{ __html: i.bodyHtml }} />
      <AttachmentList attachments={i.attachments} />
      <IdeaSupport idea={i} />
      {i.answer && (
        <Card title={t('programme.answer.title')}>
          <p className="idea-card__meta">
            {t(`programme.status.${i.status}`)} · {i.answer.answeredBy?.displayName} ·{' '}
            {formatDateTime(i.answer.answeredAt, i18n.language)}
          </p>
          <div className="prose" dangerouslySetInnerHTML={{ __html: i.answer.html }} />
          {i.answer.lines && (
            <p>
              <TextLink to={`/programm/${id}/entwurf/${i.answer.lines.draftVersion}#zeile-${i.answer.lines.fromLine}`}>
                {t('programme.answer.lines', i.answer.lines)}
              </TextLink>
            </p>
          )}
        </Card>
      )}
      {i.permissions.answer && <AnswerEditor idea={i} />}
      <Comments threadId={i.threadId} open={process.data ? process.data.phase !== 'closed' : false} />
    </>
  );
}

function AnswerEditor({ idea }: { idea: Idea }) {
  const { t } = useTranslation();
  const toast = useToast();
  const answer = useAnswerIdea(idea.id);
  const [status, setStatus] = useState<IdeaStatus>(idea.status);
  const [text, setText] = useState(idea.answer?.text ?? '');
  const [version, setVersion] = useState(
    idea.answer?.lines?.draftVersion ? String(idea.answer.lines.draftVersion) : '',
  );
  const [from, setFrom] = useState(idea.answer?.lines ? String(idea.answer.lines.fromLine) : '');
  const [to, setTo] = useState(idea.answer?.lines ? String(idea.answer.lines.toLine) : '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const lines =
      version && from ? { draftVersion: Number(version), fromLine: Number(from), toLine: Number(to || from) } : null;
    answer.mutate(
      { status, answer: text, lines, expectedVersion: idea.version },
      { onSuccess: () => toast(t('programme.answer.saved'), 'success') },
    );
  };
  return (
    <Card title={t('programme.answer.edit')}>
      <Form onSubmit={submit}>
        {answer.error && (
          <ErrorSummary title={answer.error.message}>
            {isStatus(answer.error, 409) && <p>{t('programme.answer.conflict')}</p>}
          </ErrorSummary>
        )}
        <SelectField label={t('programme.ideas.status')} value={status} onChange={setStatus}>
          {IDEA_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`programme.status.${s}`)}
            </option>
          ))}
        </SelectField>
        <TextAreaField
          label={t('programme.answer.text')}
          description={t('programme.markdownHint')}
          value={text}
          onChange={setText}
        />
        <div className="programme-filters">
          <TextField
            label={t('programme.answer.draftVersion')}
            inputMode="numeric"
            value={version}
            onChange={setVersion}
          />
          <TextField label={t('programme.answer.fromLine')} inputMode="numeric" value={from} onChange={setFrom} />
          <TextField label={t('programme.answer.toLine')} inputMode="numeric" value={to} onChange={setTo} />
        </div>
        <Button type="submit" variant="primary" isPending={answer.isPending}>
          {t('programme.answer.submit')}
        </Button>
      </Form>
    </Card>
  );
}
