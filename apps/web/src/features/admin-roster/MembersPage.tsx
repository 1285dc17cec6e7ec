import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Input, Label, SearchField } from 'react-aria-components';
import { MEMBER_STATUSES } from '@rotes-netz/shared';
import { API_BASE } from '../../api.ts';
import { usePageTitle } from '../../lib/page.ts';
import { NotFoundPage } from '../../pages/NotFoundPage.tsx';
import { RequireSignIn } from '../../pages/RequireSignIn.tsx';
import { ErrorNotice } from '../../pages/ErrorNotice.tsx';
import { Button, Dialog, EmptyState, PageHeader, Spinner, TextLink } from '../../ui/index.ts';
import { useMember, useMembers } from './queries.ts';

/** "/admin/mitglieder": search members by name, number and status (LV admins only). */
export function Component() {
  return <RequireSignIn>{(me) => (me.abilities.administerUnits ? <Members /> : <NotFoundPage />)}</RequireSignIn>;
}

function Members() {
  const { t } = useTranslation();
  usePageTitle(t('admin-roster.members.title'));
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('');
  const [open, setOpen] = useState<number | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);
  const members = useMembers({ q, status });
  const items = members.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader
        title={t('admin-roster.members.title')}
        lead={t('admin-roster.members.lead')}
        actions={
          <a className="button button--secondary" href={`${API_BASE}/admin/members/export.csv`} download>
            {t('admin-roster.members.export')}
          </a>
        }
      />
      <p>
        <TextLink to="/admin/mitgliederliste">{t('admin-roster.roster.title')}</TextLink>
        {' · '}
        <TextLink to="/admin/struktur">{t('admin-roster.units.title')}</TextLink>
      </p>
      <div role="search" className="search-box">
        <SearchField value={text} onChange={setText} className="field">
          <Label className="field__label">{t('admin-roster.members.search')}</Label>
          <Input className="field__input" />
        </SearchField>
        <div className="field">
          <label className="field__label" htmlFor="member-status">
            {t('admin-roster.members.status')}
          </label>
          <select
            id="member-status"
            className="field__input"
            value={status}
            onChange={(event) => setStatus(event.target.value)}
          >
            <option value="">{t('admin-roster.members.allStatuses')}</option>
            {MEMBER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`admin-roster.statuses.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {members.isPending && <Spinner label={t('common.loading')} />}
      {members.isError && <ErrorNotice error={members.error} onRetry={() => void members.refetch()} />}
      {members.data &&
        (items.length === 0 ? (
          <EmptyState title={t('admin-roster.members.none')} />
        ) : (
          <table className="data-table">
            <caption className="visually-hidden">{t('admin-roster.members.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin-roster.columns.name')}</th>
                <th scope="col">{t('admin-roster.columns.number')}</th>
                <th scope="col">{t('admin-roster.columns.ortsverein')}</th>
                <th scope="col">{t('admin-roster.members.status')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((m) => (
                <tr key={m.id}>
                  <td data-label={t('admin-roster.columns.name')}>
                    <Button variant="quiet" className="link-button" onPress={() => setOpen(m.id)}>
                      {m.name}
                    </Button>
                  </td>
                  <td data-label={t('admin-roster.columns.number')}>{m.memberNumber}</td>
                  <td data-label={t('admin-roster.columns.ortsverein')}>
                    <TextLink to={`/admin/struktur/${m.ortsverein.id}`}>{m.ortsverein.name}</TextLink>
                  </td>
                  <td data-label={t('admin-roster.members.status')}>{t(`admin-roster.statuses.${m.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      {members.hasNextPage && (
        <div className="load-more">
          <Button isPending={members.isFetchingNextPage} onPress={() => void members.fetchNextPage()}>
            {t('admin-roster.loadMore')}
          </Button>
        </div>
      )}
      <MemberDialog id={open} onClose={() => setOpen(null)} />
    </>
  );
}

function MemberDialog({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const member = useMember(id);
  const m = member.data;
  return (
    <Dialog title={m?.name ?? t('common.loading')} isOpen={id !== null} onOpenChange={(isOpen) => !isOpen && onClose()}>
      {member.isPending && <Spinner label={t('common.loading')} />}
      {m && (
        <>
          <dl className="details details--compact">
            <div>
              <dt>{t('admin-roster.columns.number')}</dt>
              <dd>{m.memberNumber}</dd>
            </div>
            <div>
              <dt>{t('admin-roster.members.status')}</dt>
              <dd>{t(`admin-roster.statuses.${m.status}`)}</dd>
            </div>
            <div>
              <dt>{t('admin-roster.columns.ortsverein')}</dt>
              <dd>
                {m.ortsverein.name} ({m.ortsverein.code})
              </dd>
            </div>
            <div>
              <dt>{t('admin-roster.members.email')}</dt>
              <dd className="break">{m.email ?? '–'}</dd>
            </div>
            <div>
              <dt>{t('admin-roster.members.account')}</dt>
              <dd>{m.hasAccount ? t('admin-roster.members.yes') : t('admin-roster.members.no')}</dd>
            </div>
            <div>
              <dt>{t('admin-roster.members.units')}</dt>
              <dd>{m.units.length ? m.units.map((u) => u.name).join(', ') : '–'}</dd>
            </div>
          </dl>
          <h3>{t('admin-roster.members.roles')}</h3>
          {m.roles.length === 0 ? (
            <p>{t('admin-roster.members.noRoles')}</p>
          ) : (
            <ul>
              {m.roles.map((r) => (
                <li key={`${r.unit.id}-${r.role}`}>
                  {t(`roles.${r.role}`)} – {r.unit.name} ({t(`admin-roster.sources.${r.source}`)})
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Dialog>
  );
}
