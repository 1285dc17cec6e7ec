import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { usePageTitle } from '../../lib/page.ts';
import { NotFoundPage } from '../../pages/NotFoundPage.tsx';
import { RequireSignIn } from '../../pages/RequireSignIn.tsx';
import { Button, ErrorSummary, fieldErrors, Form, PageHeader, TextField } from '../../ui/index.ts';
import { TextAreaField } from './fields.tsx';
import { useCreateProcess } from './programme.api.ts';
import { datesOf, localInput, PhaseFields, type PhaseInputs } from './phases.tsx';

function defaults(): PhaseInputs {
  const day = 86_400_000;
  const at = (days: number) => localInput(new Date(Date.now() + days * day));
  return {
    ideasFrom: at(0),
    ideasUntil: at(28),
    draftFrom: at(28),
    draftUntil: at(42),
    amendmentsFrom: at(42),
    amendmentsUntil: at(56),
  };
}

/** "/programm/neu": LV admins set up a process with chapters and phases. */
export function Component() {
  return <RequireSignIn>{(me) => (me.abilities.administerUnits ? <ProcessForm /> : <NotFoundPage />)}</RequireSignIn>;
}

function ProcessForm() {
  const { t } = useTranslation();
  usePageTitle(t('programme.processForm.title'));
  const navigate = useNavigate();
  const create = useCreateProcess();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [chapters, setChapters] = useState('Mobilität\nBildung\nArbeit im Wandel');
  const [threshold, setThreshold] = useState('5');
  const [phases, setPhases] = useState(defaults);
  const errors = fieldErrors(create.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        title,
        description,
        phases: datesOf(phases),
        amendmentThreshold: Number(threshold) || 0,
        chapters: chapters
          .split('\n')
          .map((c) => c.trim())
          .filter(Boolean)
          .map((c) => ({ title: c })),
      },
      { onSuccess: (process) => void navigate(`/programm/${process.id}`) },
    );
  };

  return (
    <>
      <PageHeader title={t('programme.processForm.title')} />
      <Form onSubmit={submit}>
        {create.error && <ErrorSummary title={create.error.message} />}
        <TextField
          label={t('programme.processForm.name')}
          value={title}
          onChange={setTitle}
          isRequired
          errorMessage={errors.title}
        />
        <TextAreaField label={t('programme.processForm.description')} value={description} onChange={setDescription} />
        <TextAreaField
          label={t('programme.processForm.chapters')}
          description={t('programme.processForm.chaptersHint')}
          value={chapters}
          onChange={setChapters}
          rows={5}
        />
        <PhaseFields value={phases} onChange={setPhases} errors={errors} />
        <TextField
          label={t('programme.processForm.threshold')}
          description={t('programme.processForm.thresholdHint')}
          inputMode="numeric"
          value={threshold}
          onChange={setThreshold}
        />
        <Button type="submit" variant="primary" isPending={create.isPending}>
          {t('programme.processForm.submit')}
        </Button>
      </Form>
    </>
  );
}
