import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Event, Registrant } from '@rotes-netz/shared';
import { ApiError } from '../../api.ts';
import { usePageTitle } from '../../lib/page.ts';
import { ErrorNotice } from '../../pages/ErrorNotice.tsx';
import { Loaded } from '../../pages/Loaded.tsx';
import { RequireSignIn } from '../../pages/RequireSignIn.tsx';
import {
  Button,
  ButtonLink,
  Card,
  Dialog,
  EmptyState,
  ErrorSummary,
  fieldErrors,
  PageHeader,
  Spinner,
  TextLink,
  useToast,
} from '../../ui/index.ts';
import { useEventId } from './event-id.ts';
import {
  registrantsCsvUrl,
  useCancelEvent,
  useEvent,
  useMarkAttendance,
  useMessageRegistrants,
  useRegistrants,
} from './events.api.ts';
import { Choice, InputField, TextAreaField } from './fields.tsx';
import { Moderation } from './Moderation.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { formatEventRange } from './time.ts';

/** "/termine/:id/organisation": registrants, messages, attendance, question moderation — for organisers. */
export function Component() {
  return <RequireSignIn>{() => <WorkspaceLoader />}</RequireSignIn>;
}

function WorkspaceLoader() {
  const { t } = useTranslation();
  const id = useEventId();
  const event = useEvent(id);
  usePageTitle(event.data ? t('events.workspace.title', { title: event.data.title }) : null);
  // Whoever may not organise it is told what the API would say: nothing to see here.
  return (
    <Loaded query={event} missing={id === 0} allowed={(e) => e.abilities.manage || e.abilities.moderateQuestions}>
      {(data) => <Workspace event={data} />}
    </Loaded>
  );
}

function Workspace({ event }: { event: Event }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'de';
  const manage = event.abilities.manage;
  return (
    <>
      <PageHeader
        title={t('events.workspace.title', { title: event.title })}
        lead={formatEventRange(event.startsAt, event.endsAt, lng)}
        actions={
          <div className="button-row">
            {manage && (
              <ButtonLink to={`/termine/${event.id}/bearbeiten`} variant="secondary">
                {t('events.event.edit')}
              </ButtonLink>
            )}
            {event.abilities.moderateQuestions && (
              <ButtonLink to={`/termine/${event.id}/praesentation`} variant="secondary">
                {t('events.event.presenter')}
              </ButtonLink>
            )}
          </div>
        }
      />
      <p>
        <TextLink to={`/termine/${event.id}`}>{t('events.workspace.toEvent')}</TextLink>
      </p>
      {manage && event.online && (
        <Card title={t('events.workspace.meetingTitle')}>
          <p>{t('events.workspace.meetingLead')}</p>
          <p>
            {event.meetingMailAt
              ? t('events.workspace.meetingMailAt', { time: formatDateTime(event.meetingMailAt, lng) })
              : t('events.workspace.meetingMailNow')}
          </p>
          {!event.hasMeetingData && <p className="hint">{t('events.meeting.notYet')}</p>}
        </Card>
      )}
      {manage && <Registrants event={event} />}
      {manage && event.status !== 'cancelled' && <MessageForm eventId={event.id} />}
      {event.abilities.moderateQuestions && <Moderation eventId={event.id} />}
      {manage && event.status !== 'cancelled' && <CancelEvent eventId={event.id} />}
    </>
  );
}

function Registrants({ event }: { event: Event }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'de';
  const list = useRegistrants(event.id);
  return (
    <section className="card" aria-labelledby="registrants-title">
      <h2 id="registrants-title" className="card__title">
        {t('events.workspace.registrantsTitle')}
      </h2>
      <p>
        {t('events.event.counts', { registered: event.counts.registered, waitlisted: event.counts.waitlisted })}
        {event.counts.capacity !== null && ` · ${t('events.event.places')}: ${event.counts.capacity}`}
      </p>
      <p>
        <a className="button button--secondary" href={registrantsCsvUrl(event.id)} download>
          {t('events.workspace.export')}
        </a>
      </p>
      {list.isPending && <Spinner label={t('common.loading')} />}
      {list.isError && <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />}
      {list.data &&
        (list.data.items.length === 0 ? (
          <EmptyState title={t('events.workspace.noRegistrants')} />
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">{t('events.workspace.registrantsTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('events.workspace.name')}</th>
                  <th scope="col">{t('events.workspace.email')}</th>
                  <th scope="col">{t('events.workspace.ortsverein')}</th>
                  <th scope="col">{t('events.workspace.status')}</th>
                  <th scope="col">{t('events.workspace.since')}</th>
                  <th scope="col">{t('events.workspace.attendance')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((r) => (
                  <tr key={r.memberId}>
                    <th scope="row" data-label={t('events.workspace.name')}>
                      {r.name}
                    </th>
                    <td data-label={t('events.workspace.email')} className="break">
                      {r.email ?? '–'}
                    </td>
                    <td data-label={t('events.workspace.ortsverein')}>{r.unitName}</td>
                    <td data-label={t('events.workspace.status')}>
                      {r.status === 'registered'
                        ? t('events.common.registered')
                        : t('events.common.waitlistPosition', { position: r.position ?? '–' })}
                    </td>
                    <td data-label={t('events.workspace.since')}>
                      <time dateTime={r.registeredAt}>{formatDateTime(r.registeredAt, lng)}</time>
                    </td>
                    <td data-label={t('events.workspace.attendance')}>
                      {r.status === 'registered' ? <Attendance eventId={event.id} registrant={r} /> : '–'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}

function Attendance({ eventId, registrant }: { eventId: number; registrant: Registrant }) {
  const { t } = useTranslation();
  const toast = useToast();
  const mark = useMarkAttendance(eventId);
  const value = registrant.attended === null ? '' : registrant.attended ? 'yes' : 'no';
  return (
    <select
      className="field__input field__input--compact"
      aria-label={t('events.workspace.attendanceOf', { name: registrant.name })}
      value={value}
      disabled={mark.isPending}
      onChange={(e) =>
        mark.mutate(
          { memberId: registrant.memberId, attended: e.target.value === '' ? null : e.target.value === 'yes' },
          {
            onSuccess: () => toast(t('events.workspace.attendanceSaved'), 'success'),
            onError: (error) =>
              toast(error instanceof ApiError ? error.problem.title : t('errors.unexpected'), 'error'),
          },
        )
      }
    >
      <option value="">{t('events.workspace.unknown')}</option>
      <option value="yes">{t('events.workspace.attended')}</option>
      <option value="no">{t('events.workspace.absent')}</option>
    </select>
  );
}

function MessageForm({ eventId }: { eventId: number }) {
  const { t } = useTranslation();
  const toast = useToast();
  const send = useMessageRegistrants(eventId);
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [includeWaitlist, setIncludeWaitlist] = useState(false);
  const errors = fieldErrors(send.error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate(
      { subject: subject.trim(), body: body.trim(), includeWaitlist },
      {
        onSuccess: (r) => {
          setSubject('');
          setBody('');
          toast(t('events.workspace.sent', { count: r.recipients }), 'success');
        },
      },
    );
  };

  return (
    <Card title={t('events.workspace.messageTitle')}>
      <form className="form" onSubmit={submit} noValidate aria-label={t('events.workspace.messageTitle')}>
        {send.error instanceof ApiError && <ErrorSummary title={send.error.problem.title} />}
        <InputField
          id="message-subject"
          label={t('events.workspace.subject')}
          value={subject}
          maxLength={200}
          required
          error={errors.subject}
          onChange={(e) => setSubject(e.target.value)}
        />
        <TextAreaField
          id="message-body"
          label={t('events.workspace.body')}
          hint={t('events.workspace.bodyHint')}
          rows={6}
          maxLength={10_000}
          required
          value={body}
          error={errors.body}
          onChange={(e) => setBody(e.target.value)}
        />
        <Choice
          type="checkbox"
          label={t('events.workspace.includeWaitlist')}
          checked={includeWaitlist}
          onChange={(e) => setIncludeWaitlist(e.target.checked)}
        />
        <Button type="submit" variant="primary" isPending={send.isPending}>
          {t('events.workspace.send')}
        </Button>
      </form>
    </Card>
  );
}

function CancelEvent({ eventId }: { eventId: number }) {
  const { t } = useTranslation();
  const toast = useToast();
  const cancel = useCancelEvent(eventId);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <Card title={t('events.workspace.cancelTitle')}>
      <p>{t('events.workspace.cancelLead')}</p>
      <Button onPress={() => setOpen(true)}>{t('events.workspace.cancelEvent')}</Button>
      <Dialog title={t('events.workspace.cancelTitle')} isOpen={open} onOpenChange={setOpen}>
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            cancel.mutate(reason.trim(), {
              onSuccess: () => {
                setOpen(false);
                toast(t('events.workspace.cancelledToast'), 'success');
              },
            });
          }}
        >
          {cancel.error instanceof ApiError && <ErrorSummary title={cancel.error.problem.title} />}
          <p>{t('events.workspace.cancelLead')}</p>
          <TextAreaField
            id="cancel-reason"
            label={t('events.workspace.cancelReason')}
            rows={3}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <Button type="submit" variant="primary" isPending={cancel.isPending}>
            {t('events.workspace.cancelConfirm')}
          </Button>
        </form>
      </Dialog>
    </Card>
  );
}
