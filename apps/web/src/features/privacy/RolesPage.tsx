import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Role, UnitRoleList } from '@rotes-netz/shared';
import { ApiError, isStatus } from '../../api.ts';
import { usePageTitle } from '../../lib/page.ts';
import { ErrorNotice } from '../../pages/ErrorNotice.tsx';
import { NotFoundPage } from '../../pages/NotFoundPage.tsx';
import { RequireSignIn } from '../../pages/RequireSignIn.tsx';
import { Button, Card, ErrorSummary, fieldErrors, PageHeader, Spinner, TextField, useToast } from '../../ui/index.ts';
import { useGrantRole, useRevokeRole, useUnit, useUnitRoles } from './privacy.api.ts';

/** "/struktur/:id/rollen": who holds which role in a unit; its board may grant what the policy allows. */
export function Component() {
  return <RequireSignIn>{() => <UnitRoles />}</RequireSignIn>;
}

function UnitRoles() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const unit = useUnit(id);
  const roles = useUnitRoles(id);
  usePageTitle(t('privacy.roles.title', { unit: unit.data?.name ?? '' }));
  if (isStatus(roles.error, 404) || isStatus(roles.error, 422)) return <NotFoundPage />;
  if (roles.isPending) return <Spinner label={t('common.loading')} />;
  if (roles.isError) return <ErrorNotice error={roles.error} onRetry={() => void roles.refetch()} />;
  return (
    <>
      <PageHeader title={t('privacy.roles.title', { unit: unit.data?.name ?? '' })} lead={t('privacy.roles.lead')} />
      <p>
        <Link className="link" to={`/struktur/${id}`}>
          {t('privacy.roles.backToUnit')}
        </Link>
      </p>
      <RoleTable id={id} list={roles.data} />
      {roles.data.grantable.length > 0 && <GrantForm id={id} grantable={roles.data.grantable} />}
    </>
  );
}

function RoleTable({ id, list }: { id: string; list: UnitRoleList }) {
  const { t } = useTranslation();
  const toast = useToast();
  const revoke = useRevokeRole(id);
  if (list.items.length === 0) return <p>{t('privacy.roles.empty')}</p>;
  return (
    <table className="data-table">
      <caption className="visually-hidden">{t('privacy.roles.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('privacy.roles.member')}</th>
          <th scope="col">{t('privacy.roles.role')}</th>
          <th scope="col">{t('privacy.roles.source')}</th>
          <th scope="col">
            <span className="visually-hidden">{t('privacy.roles.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {list.items.map((item) => (
          <tr key={`${item.member.id}-${item.role}`}>
            <td data-label={t('privacy.roles.member')}>
              <Link className="link" to={`/mitglieder/${item.member.id}`}>
                {item.member.name}
              </Link>{' '}
              ({item.member.memberNumber})
            </td>
            <td data-label={t('privacy.roles.role')}>{t(`roles.${item.role}`)}</td>
            <td data-label={t('privacy.roles.source')}>{t(`privacy.roles.sources.${item.source}`)}</td>
            <td>
              {item.canRevoke && (
                <Button
                  variant="quiet"
                  aria-label={t('privacy.roles.revokeFor', { role: t(`roles.${item.role}`), name: item.member.name })}
                  onPress={() =>
                    revoke.mutate(
                      { memberId: item.member.id, role: item.role },
                      {
                        onSuccess: () => toast(t('privacy.roles.revoked'), 'success'),
                        onError: (e) => toast(e.message, 'error'),
                      },
                    )
                  }
                >
                  {t('privacy.roles.revoke')}
                </Button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function GrantForm({ id, grantable }: { id: string; grantable: Role[] }) {
  const { t } = useTranslation();
  const toast = useToast();
  const grant = useGrantRole(id);
  const [memberNumber, setMemberNumber] = useState('');
  const [role, setRole] = useState<Role>(grantable[0]!);
  const errors = fieldErrors(grant.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    grant.mutate(
      { memberNumber: memberNumber.trim(), role },
      {
        onSuccess: () => {
          setMemberNumber('');
          toast(t('privacy.roles.granted'), 'success');
        },
      },
    );
  };

  return (
    <Card title={t('privacy.roles.grantTitle')}>
      <form className="form" onSubmit={submit} noValidate aria-label={t('privacy.roles.grantTitle')}>
        {grant.error instanceof ApiError && <ErrorSummary title={grant.error.problem.title} />}
        <TextField
          id="grant-memberNumber"
          label={t('privacy.roles.memberNumber')}
          value={memberNumber}
          onChange={setMemberNumber}
          errorMessage={errors.memberNumber}
          isRequired
        />
        <div className="field">
          <label className="field__label" htmlFor="grant-role">
            {t('privacy.roles.role')}
          </label>
          <select
            id="grant-role"
            className="field__input"
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
          >
            {grantable.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <Button type="submit" variant="primary" isPending={grant.isPending}>
            {t('privacy.roles.grant')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
