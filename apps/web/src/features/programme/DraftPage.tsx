import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isStatus } from '../../api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { usePageTitle } from '../../lib/page.ts';
import { ErrorNotice } from '../../pages/ErrorNotice.tsx';
import { NotFoundPage } from '../../pages/NotFoundPage.tsx';
import { RequireSignIn } from '../../pages/RequireSignIn.tsx';
import { Button, ButtonLink, EmptyState, PageHeader, Spinner, TextLink } from '../../ui/index.ts';
import { displayLineText } from './draft-lines.ts';
import { useDraft, useProcess } from './programme.api.ts';

/**
 * "/programm/:id/entwurf[/:version]": the draft with its line numbers, as the printed amendment book
 * shows them. Pressing a line number selects it; pressing another selects the range between; an
 * amendment then starts from those lines.
 */
export function Component() {
  return <RequireSignIn>{() => <DraftReader />}</RequireSignIn>;
}

function DraftReader() {
  const { t, i18n } = useTranslation();
  const { id = '', version: versionParam } = useParams();
  const process = useProcess(id);
  const current = process.data?.currentDraft?.version;
  const version = versionParam ? Number(versionParam) : current;
  const draft = useDraft(id, version);
  const [range, setRange] = useState<[number, number] | null>(null);
  usePageTitle(t('programme.draft.title', { version: version ?? '' }));
  if (isStatus(process.error, 404) || isStatus(draft.error, 404) || isStatus(draft.error, 422)) return <NotFoundPage />;
  if (process.isPending || (version !== undefined && draft.isPending)) return <Spinner label={t('common.loading')} />;
  if (process.isError) return <ErrorNotice error={process.error} onRetry={() => void process.refetch()} />;
  if (version === undefined) {
    return (
      <>
        <PageHeader title={t('programme.draft.titleNone')} lead={process.data.title} />
        <EmptyState title={t('programme.process.noDraft')} />
      </>
    );
  }
  if (draft.isError) return <ErrorNotice error={draft.error} onRetry={() => void draft.refetch()} />;
  const d = draft.data!;
  const canAmend = process.data.permissions.fileAmendment && version === current;
  const press = (n: number) => {
    if (!range || range[0] !== range[1]) setRange([n, n]);
    else setRange([Math.min(range[0], n), Math.max(range[0], n)]);
  };
  const selected = (n: number) => range !== null && n >= range[0] && n <= range[1];
  const chapterStarts = new Map(d.chapters.map((c) => [c.firstLine, c.title]));
  return (
    <>
      <PageHeader
        title={t('programme.draft.title', { version })}
        lead={`${process.data.title} · ${formatDateTime(d.publishedAt, i18n.language)}${d.note ? ` · ${d.note}` : ''}`}
      />
      <p>
        <TextLink to={`/programm/${id}`}>{t('programme.backToProcess')}</TextLink>
        {version !== current && current !== undefined && (
          <>
            {' · '}
            <TextLink to={`/programm/${id}/entwurf/${current}`}>
              {t('programme.draft.toCurrent', { version: current })}
            </TextLink>
          </>
        )}
      </p>
      <p className="hint">{canAmend ? t('programme.draft.selectHint') : t('programme.draft.readHint')}</p>
      <ol className="draft-lines" aria-label={t('programme.draft.lines')}>
        {d.lines.map((line) => (
          <li
            key={line.number}
            id={`zeile-${line.number}`}
            className={`draft-line${line.heading ? ' draft-line--heading' : ''}${selected(line.number) ? ' draft-line--selected' : ''}`}
            data-chapter={chapterStarts.get(line.number)}
          >
            {canAmend ? (
              <Button
                variant="quiet"
                className="draft-line__number"
                aria-pressed={selected(line.number)}
                aria-label={t('programme.draft.lineButton', { number: line.number })}
                onPress={() => press(line.number)}
              >
                {line.number}
              </Button>
            ) : (
              <span className="draft-line__number" aria-hidden="true">
                {line.number}
              </span>
            )}
            <span className="draft-line__text">
              {!canAmend && (
                <span className="visually-hidden">{t('programme.draft.line', { number: line.number })} </span>
              )}
              {displayLineText(line)}
            </span>
          </li>
        ))}
      </ol>
      {canAmend && range && (
        <div className="selection-bar" role="region" aria-label={t('programme.draft.selection')}>
          <span aria-live="polite">{t('programme.draft.selected', { from: range[0], to: range[1] })}</span>
          <ButtonLink to={`/programm/${id}/antraege/neu?from=${range[0]}&to=${range[1]}`}>
            {t('programme.draft.amend')}
          </ButtonLink>
          <Button variant="quiet" onPress={() => setRange(null)}>
            {t('programme.draft.clear')}
          </Button>
        </div>
      )}
    </>
  );
}
