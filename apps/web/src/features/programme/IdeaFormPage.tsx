import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { BOARD_ROLES, type Me } from '@rotes-netz/shared';
import { isStatus } from '../../api.ts';
import { usePageTitle } from '../../lib/page.ts';
import { NotFoundPage } from '../../pages/NotFoundPage.tsx';
import { RequireSignIn } from '../../pages/RequireSignIn.tsx';
import { Button, ErrorSummary, fieldErrors, Form, PageHeader, Spinner, TextField, TextLink } from '../../ui/index.ts';
import { AttachmentPicker, useAttachmentUploads } from '../rooms/AttachmentPicker.tsx';
import { SelectField, TextAreaField } from './fields.tsx';
import { useProcess, useSubmitIdea } from './programme.api.ts';

/** "/programm/:id/ideen/neu": an idea for a chapter, by the member or for a unit whose board they are on. */
export function Component() {
  return <RequireSignIn>{(me) => <IdeaForm me={me} />}</RequireSignIn>;
}

/** Units the member may file for: those whose board they are on. */
export function boardUnits(me: Me) {
  return me.memberships.filter((m) => m.roles.some((r) => BOARD_ROLES.includes(r))).map((m) => m.unit);
}

function IdeaForm({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const process = useProcess(id);
  const submit = useSubmitIdea(id);
  const [chapter, setChapter] = useState('');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [unit, setUnit] = useState('');
  // Files go to the process's room, where the idea's discussion thread opens.
  const uploads = useAttachmentUploads(process.data?.roomId ?? 0);
  usePageTitle(t('programme.ideaForm.title'));
  if (isStatus(process.error, 404) || isStatus(process.error, 422)) return <NotFoundPage />;
  if (process.isPending) return <Spinner label={t('common.loading')} />;
  const errors = fieldErrors(submit.error);
  const units = boardUnits(me);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit.mutate(
      {
        chapterId: Number(chapter || process.data?.chapters[0]?.id),
        title,
        body,
        ...(unit ? { unitId: Number(unit) } : {}),
        ...(uploads.ids.length > 0 ? { attachmentIds: uploads.ids } : {}),
      },
      { onSuccess: (idea) => void navigate(`/programm/${id}/ideen/${idea.id}`) },
    );
  };
  return (
    <>
      <PageHeader title={t('programme.ideaForm.title')} lead={process.data?.title} />
      <p>
        <TextLink to={`/programm/${id}/ideen`}>{t('programme.ideas.back')}</TextLink>
      </p>
      {!process.data?.permissions.submitIdea && <p className="hint">{t('programme.ideaForm.closed')}</p>}
      <Form onSubmit={onSubmit}>
        {submit.error && <ErrorSummary title={submit.error.message} />}
        <SelectField
          label={t('programme.ideas.chapter')}
          value={chapter}
          onChange={setChapter}
          errorMessage={errors.chapterId}
        >
          {process.data?.chapters.map((c) => (
            <option key={c.id} value={String(c.id)}>
              {c.title}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t('programme.ideaForm.name')}
          value={title}
          onChange={setTitle}
          isRequired
          maxLength={200}
          errorMessage={errors.title}
        />
        <TextAreaField
          label={t('programme.ideaForm.body')}
          description={t('programme.markdownHint')}
          value={body}
          onChange={setBody}
          isRequired
          maxLength={20_000}
          errorMessage={errors.body}
        />
        {units.length > 0 && (
          <SelectField label={t('programme.ideaForm.for')} value={unit} onChange={setUnit} errorMessage={errors.unitId}>
            <option value="">{t('programme.ideaForm.forMe')}</option>
            {units.map((u) => (
              <option key={u.id} value={String(u.id)}>
                {u.name}
              </option>
            ))}
          </SelectField>
        )}
        <AttachmentPicker uploads={uploads} />
        <Button type="submit" variant="primary" isPending={submit.isPending || uploads.busy}>
          {t('programme.ideaForm.submit')}
        </Button>
      </Form>
    </>
  );
}
