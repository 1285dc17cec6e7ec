import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useMe } from '../../lib/session.ts';
import { usePageTitle } from '../../lib/page.ts';
import { Button, ErrorSummary, fieldErrors, Form, PageHeader, TextField, useToast } from '../../ui/index.ts';
import { ApiError } from '../../api.ts';
import { managedUnits } from './abilities.ts';
import { roomPath } from './format.ts';
import { useCreateRoom } from './rooms.api.ts';
import type { RoomAudience } from './rooms.types.ts';

const AUDIENCES: RoomAudience[] = ['unit', 'board', 'all', 'invite'];

/** A functionary adds a room to one of their units, for an audience. */
export function Component() {
  const { t } = useTranslation();
  usePageTitle(t('rooms.create.title'));
  const me = useMe().data;
  const units = me ? managedUnits(me) : [];
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const toast = useToast();
  const create = useCreateRoom();
  const [chosenUnit, setUnitId] = useState<number | null>(Number(params.get('unit')) || null);
  // Until the member chooses, the first of their units (known only once "me" has loaded).
  const unitId = chosenUnit ?? units[0]?.id ?? null;
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [audience, setAudience] = useState<RoomAudience>('unit');
  const [codeOfConduct, setCodeOfConduct] = useState('');
  const [missing, setMissing] = useState(false);
  const errors: Record<string, string> = {
    ...fieldErrors(create.error),
    ...(missing && name.trim() === '' ? { name: t('rooms.create.nameMissing') } : {}),
  };

  const submit = () => {
    if (name.trim() === '' || unitId === null) {
      setMissing(true);
      return;
    }
    create.mutate(
      {
        unitId,
        name: name.trim(),
        audience,
        ...(description.trim() ? { description: description.trim() } : {}),
        ...(codeOfConduct.trim() ? { codeOfConduct: codeOfConduct.trim() } : {}),
      },
      {
        onSuccess: (room) => {
          toast(t('rooms.create.done', { name: room.name }), 'success');
          void navigate(roomPath(room.id));
        },
      },
    );
  };

  return (
    <div className="narrow">
      <PageHeader title={t('rooms.create.title')} lead={t('rooms.create.lead')} />
      {create.error instanceof ApiError && Object.keys(errors).length === 0 && (
        <ErrorSummary title={create.error.problem.title} />
      )}
      <Form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <div className="field">
          <label className="field__label" htmlFor="room-unit">
            {t('rooms.create.unit')}
          </label>
          <select
            id="room-unit"
            className="field__input"
            value={unitId ?? ''}
            onChange={(e) => setUnitId(Number(e.target.value) || null)}
          >
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
        <TextField
          label={t('rooms.create.name')}
          value={name}
          onChange={setName}
          isRequired
          maxLength={100}
          errorMessage={errors.name}
        />
        <TextField
          label={t('rooms.create.description')}
          value={description}
          onChange={setDescription}
          maxLength={500}
          errorMessage={errors.description}
        />
        <fieldset className="field choice-group">
          <legend className="field__label">{t('rooms.create.audience')}</legend>
          {AUDIENCES.map((a) => (
            <label key={a} className="choice">
              <input type="radio" name="audience" value={a} checked={audience === a} onChange={() => setAudience(a)} />
              <span className="choice__text">
                {t(`rooms.audience.${a}`)}
                <span className="choice__hint">{t(`rooms.audienceHint.${a}`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label className="field__label" htmlFor="room-coc">
            {t('rooms.create.codeOfConduct')}
          </label>
          <p className="field__description" id="room-coc-hint">
            {t('rooms.create.codeOfConductHint')}
          </p>
          <textarea
            id="room-coc"
            className="field__input"
            rows={4}
            maxLength={4000}
            aria-describedby="room-coc-hint"
            value={codeOfConduct}
            onChange={(e) => setCodeOfConduct(e.target.value)}
          />
        </div>
        <Button type="submit" variant="primary" isPending={create.isPending}>
          {t('rooms.create.submit')}
        </Button>
      </Form>
    </div>
  );
}
