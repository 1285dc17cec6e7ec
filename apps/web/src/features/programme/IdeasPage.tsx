import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { IDEA_STATUSES, type IdeaListQuery, type IdeaStatus } from '@rotes-netz/shared';
import { isStatus } from '../../api.ts';
import { usePageTitle } from '../../lib/page.ts';
import { ErrorNotice } from '../../pages/ErrorNotice.tsx';
import { NotFoundPage } from '../../pages/NotFoundPage.tsx';
import { RequireSignIn } from '../../pages/RequireSignIn.tsx';
import { Button, ButtonLink, EmptyState, PageHeader, Spinner, TextLink } from '../../ui/index.ts';
import { CheckboxField, SelectField } from './fields.tsx';
import { IdeaCard } from './IdeaCard.tsx';
import { useIdeas, useProcess } from './programme.api.ts';

type Sort = NonNullable<IdeaListQuery['sort']>;

/** "/programm/:id/ideen": the ideas with filters and sorting, page by page. */
export function Component() {
  return <RequireSignIn>{() => <Ideas />}</RequireSignIn>;
}

function Ideas() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const process = useProcess(id);
  const [chapter, setChapter] = useState('');
  const [status, setStatus] = useState<IdeaStatus | ''>('');
  const [sort, setSort] = useState<Sort>('newest');
  const [mine, setMine] = useState(false);
  const [myUnit, setMyUnit] = useState(false);
  const [cursors, setCursors] = useState<string[]>([]);
  const filters: IdeaListQuery = {
    ...(chapter ? { chapterId: Number(chapter) } : {}),
    ...(status ? { status } : {}),
    sort,
    mine,
    myUnit,
    ...(cursors.length ? { cursor: cursors.at(-1)! } : {}),
  };
  const ideas = useIdeas(id, filters);
  usePageTitle(t('programme.ideas.title'));
  const reset =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setCursors([]);
    };
  if (isStatus(process.error, 404) || isStatus(process.error, 422)) return <NotFoundPage />;
  return (
    <>
      <PageHeader
        title={t('programme.ideas.title')}
        lead={process.data?.title}
        actions={
          process.data?.permissions.submitIdea ? (
            <ButtonLink to={`/programm/${id}/ideen/neu`}>{t('programme.ideas.submit')}</ButtonLink>
          ) : undefined
        }
      />
      <p>
        <TextLink to={`/programm/${id}`}>{t('programme.backToProcess')}</TextLink>
      </p>
      <div className="programme-filters" role="group" aria-label={t('programme.ideas.filters')}>
        <SelectField label={t('programme.ideas.chapter')} value={chapter} onChange={reset(setChapter)}>
          <option value="">{t('programme.ideas.allChapters')}</option>
          {process.data?.chapters.map((c) => (
            <option key={c.id} value={String(c.id)}>
              {c.title}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('programme.ideas.status')} value={status} onChange={reset(setStatus)}>
          <option value="">{t('programme.ideas.allStatuses')}</option>
          {IDEA_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`programme.status.${s}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('programme.ideas.sort')} value={sort} onChange={reset(setSort)}>
          <option value="newest">{t('programme.ideas.sortNewest')}</option>
          <option value="support">{t('programme.ideas.sortSupport')}</option>
          <option value="discussed">{t('programme.ideas.sortDiscussed')}</option>
        </SelectField>
        <CheckboxField label={t('programme.ideas.mine')} checked={mine} onChange={reset(setMine)} />
        <CheckboxField label={t('programme.ideas.myUnit')} checked={myUnit} onChange={reset(setMyUnit)} />
      </div>
      {ideas.isPending && <Spinner label={t('common.loading')} />}
      {ideas.isError && <ErrorNotice error={ideas.error} onRetry={() => void ideas.refetch()} />}
      {ideas.data?.items.length === 0 && <EmptyState title={t('programme.ideas.empty')} />}
      <ul className="plain-list" aria-label={t('programme.ideas.title')}>
        {ideas.data?.items.map((idea) => (
          <IdeaCard key={idea.id} idea={idea} />
        ))}
      </ul>
      <div className="load-more">
        {cursors.length > 0 && (
          <Button onPress={() => setCursors(cursors.slice(0, -1))}>{t('programme.previous')}</Button>
        )}
        {ideas.data?.nextCursor && (
          <Button onPress={() => setCursors([...cursors, ideas.data.nextCursor!])}>{t('programme.next')}</Button>
        )}
      </div>
    </>
  );
}
