import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { Unit } from '@rotes-netz/shared';
import { isStatus } from '../../api.ts';
import { usePageTitle } from '../../lib/page.ts';
import { unitQuery } from '../../lib/units.ts';
import { ErrorNotice } from '../../pages/ErrorNotice.tsx';
import { NotFoundPage } from '../../pages/NotFoundPage.tsx';
import { RequireSignIn } from '../../pages/RequireSignIn.tsx';
import { Button, fieldErrors, Form, PageHeader, Spinner, TextField, TextLink, useToast } from '../../ui/index.ts';
import { useRenameUnit } from './queries.ts';

/** "/admin/struktur/:id": rename a unit or change its code (LV admins only). */
export function Component() {
  return <RequireSignIn>{(me) => (me.abilities.administerUnits ? <UnitEdit /> : <NotFoundPage />)}</RequireSignIn>;
}

function UnitEdit() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const unit = useQuery({ ...unitQuery(id), enabled: Number.isInteger(id) && id > 0 });
  usePageTitle(unit.data ? t('admin-roster.unit.title', { name: unit.data.name }) : null);
  if (!Number.isInteger(id) || id <= 0 || isStatus(unit.error, 404)) return <NotFoundPage />;
  if (unit.isError) return <ErrorNotice error={unit.error} onRetry={() => void unit.refetch()} />;
  if (!unit.data) return <Spinner label={t('common.loading')} />;
  return <UnitForm key={unit.data.id} unit={unit.data} />;
}

function UnitForm({ unit }: { unit: Unit }) {
  const { t } = useTranslation();
  const toast = useToast();
  const rename = useRenameUnit(unit.id);
  const [name, setName] = useState(unit.name);
  const [code, setCode] = useState(unit.code);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    rename.mutate(
      { name: name.trim(), code: code.trim() },
      {
        onSuccess: () => toast(t('admin-roster.unit.saved'), 'success'),
        onError: (error) => {
          setErrors(fieldErrors(error));
          if (Object.keys(fieldErrors(error)).length === 0) toast(error.message, 'error');
        },
      },
    );
  };
  return (
    <>
      <PageHeader title={t('admin-roster.unit.title', { name: unit.name })} lead={t(`unitTypes.${unit.type}`)} />
      <p>
        <TextLink to={`/struktur/${unit.id}`}>{t('admin-roster.unit.view')}</TextLink>
        {' · '}
        <TextLink to="/admin/struktur">{t('admin-roster.units.title')}</TextLink>
      </p>
      <Form onSubmit={submit}>
        <TextField
          label={t('admin-roster.unit.name')}
          name="name"
          value={name}
          isRequired
          minLength={2}
          maxLength={200}
          onChange={(value) => {
            setName(value);
            setErrors(({ name: _, ...rest }) => rest);
          }}
          errorMessage={errors.name}
        />
        <TextField
          label={t('admin-roster.unit.code')}
          description={t('admin-roster.unit.codeHint')}
          name="code"
          value={code}
          isRequired
          maxLength={40}
          onChange={(value) => {
            setCode(value);
            setErrors(({ code: _, ...rest }) => rest);
          }}
          errorMessage={errors.code}
        />
        <div>
          <Button type="submit" variant="primary" isPending={rename.isPending}>
            {t('admin-roster.unit.save')}
          </Button>
        </div>
      </Form>
    </>
  );
}
