import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import {
  EVENT_KINDS,
  EVENT_PUBLIC_FIELDS,
  ROLES,
  type CreateEventBody,
  type Event,
  type EventAudience,
  type EventKind,
  type EventPublicField,
  type Me,
  type MeetingDataBody,
  type Role,
} from '@rotes-netz/shared';
import { ApiError } from '../../api.ts';
import { usePageTitle } from '../../lib/page.ts';
import { Loaded } from '../../pages/Loaded.tsx';
import { RequireSignIn } from '../../pages/RequireSignIn.tsx';
import { Button, ButtonLink, Card, ErrorSummary, fieldErrors, PageHeader, useToast } from '../../ui/index.ts';
import { useCreateEvent, useEvent, useSetMeetingData, useUpdateEvent } from './events.api.ts';
import { SeriesField } from './SeriesField.tsx';
import { Choice, ChoiceGroup, InputField, SelectField, TextAreaField } from './fields.tsx';
import { organiserUnits } from './organisers.ts';
import { fromBerlinInput, toBerlinInput } from './time.ts';

/** "/termine/neu" and "/termine/:id/bearbeiten": the organiser's form for an event. */
export function Component() {
  const { id } = useParams();
  return <RequireSignIn>{(me) => (id === undefined ? <CreateEvent me={me} /> : <EditEvent raw={id} />)}</RequireSignIn>;
}

function CreateEvent({ me }: { me: Me }) {
  const { t } = useTranslation();
  usePageTitle(t('events.form.createTitle'));
  const units = organiserUnits(me);
  return (
    <div className="narrow-form">
      <PageHeader title={t('events.form.createTitle')} lead={t('events.form.lead')} />
      {units.length === 0 ? (
        <p className="notice">{t('events.form.noUnits')}</p>
      ) : (
        <EventForm units={units} event={null} />
      )}
    </div>
  );
}

function EditEvent({ raw }: { raw: string }) {
  const { t } = useTranslation();
  const id = /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : 0;
  const event = useEvent(id);
  usePageTitle(t('events.form.editTitle'));
  return (
    <Loaded query={event} missing={id === 0} allowed={(e) => e.abilities.manage}>
      {(data) => (
        <div className="narrow-form">
          <PageHeader title={t('events.form.editTitle')} lead={data.title} />
          <EventForm key={data.updatedAt} units={[]} event={data} />
        </div>
      )}
    </Loaded>
  );
}

interface Guest {
  name: string;
  role: string;
}

interface Values {
  unitId: string;
  kind: EventKind;
  title: string;
  topic: string;
  description: string;
  startsAt: string;
  endsAt: string;
  online: boolean;
  location: string;
  guests: Guest[];
  audience: EventAudience;
  audienceRoles: Role[];
  /** The organiser confirmed that every member of the Landesverband is to see the event. */
  audienceAllConfirmed: boolean;
  capacity: string;
  meetingMailAt: string;
  reminder: string;
  sharePublic: boolean;
  shareFields: EventPublicField[];
  meetingUrl: string;
  meetingDialIn: string;
  meetingAccessCode: string;
  /** The series' id, or '' for none. */
  seriesId: string;
}

/** "2027-04-08T19:00+02:00" → "2027-04-08T19:00", the datetime-local value. */
const wallClock = (local: string | null | undefined) => (local ? local.slice(0, 16) : '');

/** Narrowest first: the organising unit is the default, the whole Landesverband the widest choice. */
const AUDIENCE_ORDER: readonly EventAudience[] = ['unit', 'role', 'all'];

function initialValues(event: Event | null, unitId: string): Values {
  return {
    unitId,
    kind: event?.kind ?? 'video_conference',
    title: event?.title ?? '',
    topic: event?.topic ?? '',
    description: event?.descriptionMarkdown ?? '',
    startsAt: wallClock(event?.startsAtLocal),
    endsAt: wallClock(event?.endsAtLocal),
    online: event?.online ?? true,
    location: event?.location ?? '',
    guests: event?.guests.map((g) => ({ name: g.name, role: g.role ?? '' })) ?? [],
    // The organising unit by default: ~900 Ortsvereine must not fill everyone's calendar.
    audience: event?.audience ?? 'unit',
    audienceRoles: event?.audienceRoles ?? [],
    audienceAllConfirmed: event?.audience === 'all',
    capacity: event?.counts.capacity ? String(event.counts.capacity) : '',
    meetingMailAt: event?.meetingMailAt ? toBerlinInput(event.meetingMailAt) : '',
    reminder: event?.reminderMinutesBefore != null ? String(event.reminderMinutesBefore) : '',
    sharePublic: event?.share.public ?? false,
    shareFields: event?.share.fields ?? ['topic', 'guests'],
    meetingUrl: event?.meetingData?.url ?? '',
    meetingDialIn: event?.meetingData?.dialIn ?? '',
    meetingAccessCode: event?.meetingData?.accessCode ?? '',
    seriesId: event?.series ? String(event.series.id) : '',
  };
}

const nullIfBlank = (s: string) => (s.trim() === '' ? null : s.trim());

function EventForm({ units, event }: { units: { id: number; name: string }[]; event: Event | null }) {
  const { t } = useTranslation();
  const toast = useToast();
  const navigate = useNavigate();
  const create = useCreateEvent();
  const update = useUpdateEvent(event?.id ?? 0);
  const setMeeting = useSetMeetingData();
  const [values, setValues] = useState<Values>(() => initialValues(event, String(units[0]?.id ?? '')));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (summary) summaryRef.current?.focus();
  }, [summary]);

  const set = <K extends keyof Values>(key: K, value: Values[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    if (errors[key]) setErrors(({ [key]: _gone, ...rest }) => rest);
  };

  const check = (): Record<string, string> => {
    const found: Record<string, string> = {};
    if (values.title.trim() === '') found.title = t('events.form.titleRequired');
    const start = fromBerlinInput(values.startsAt);
    const end = fromBerlinInput(values.endsAt);
    if (!start) found.startsAt = t('events.form.invalidTime');
    if (!end) found.endsAt = t('events.form.invalidTime');
    if (start && end && end <= start) found.endsAt = t('events.form.endBeforeStart');
    if (values.audience === 'role' && values.audienceRoles.length === 0)
      found.audienceRoles = t('events.form.roleRequired');
    if (values.audience === 'all' && !values.audienceAllConfirmed) found.audience = t('events.form.allUnconfirmed');
    values.guests.forEach((g, i) => {
      if (g.name.trim() === '') found[`guests.${i}.name`] = t('events.form.guestRequired');
    });
    return found;
  };

  const body = (): CreateEventBody => ({
    kind: values.kind,
    title: values.title.trim(),
    topic: nullIfBlank(values.topic),
    description: values.description,
    startsAt: values.startsAt,
    endsAt: values.endsAt,
    online: values.online,
    location: values.online ? null : nullIfBlank(values.location),
    guests: values.guests.map((g) =>
      g.role.trim() ? { name: g.name.trim(), role: g.role.trim() } : { name: g.name.trim() },
    ),
    audience: values.audience,
    audienceRoles: values.audience === 'role' ? values.audienceRoles : [],
    capacity: values.capacity.trim() === '' ? null : Number(values.capacity),
    meetingMailAt: nullIfBlank(values.meetingMailAt),
    reminderMinutesBefore: values.reminder.trim() === '' ? null : Number(values.reminder),
    share: { public: values.sharePublic, fields: values.sharePublic ? values.shareFields : [] },
    seriesId: values.seriesId === '' ? null : Number(values.seriesId),
  });

  const meetingBody = (): MeetingDataBody => ({
    url: nullIfBlank(values.meetingUrl),
    dialIn: nullIfBlank(values.meetingDialIn),
    accessCode: nullIfBlank(values.meetingAccessCode),
  });

  const meetingChanged = () => {
    const before = event?.meetingData;
    const now = meetingBody();
    return (
      (before?.url ?? null) !== now.url ||
      (before?.dialIn ?? null) !== now.dialIn ||
      (before?.accessCode ?? null) !== now.accessCode
    );
  };

  const fail = (error: unknown) => {
    setErrors(fieldErrors(error));
    setSummary(error instanceof ApiError ? error.problem.title : t('errors.unexpected'));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = check();
    if (Object.keys(found).length > 0) {
      setErrors(found);
      setSummary(t('events.form.check'));
      return;
    }
    setSummary(null);
    setPending(true);
    try {
      let saved: Event;
      if (event) {
        saved = await update.mutateAsync(body());
      } else {
        saved = await create.mutateAsync({ unitId: Number(values.unitId), body: body() });
      }
      if (meetingChanged()) {
        try {
          await setMeeting.mutateAsync({ eventId: saved.id, body: meetingBody() });
        } catch (error) {
          // The meeting data goes on its own request: its field names come back without our prefix.
          const found = Object.entries(fieldErrors(error)).map(([k, v]) => [
            `meeting${k[0]!.toUpperCase()}${k.slice(1)}`,
            v,
          ]);
          setErrors(Object.fromEntries(found));
          setSummary(error instanceof ApiError ? error.problem.title : t('errors.unexpected'));
          // A new event exists now: further saves must edit it, not create another.
          if (!event) navigate(`/termine/${saved.id}/bearbeiten`, { replace: true });
          return;
        }
      }
      toast(event ? t('events.form.saved') : t('events.form.created'), 'success');
      navigate(`/termine/${saved.id}`);
    } catch (error) {
      fail(error);
    } finally {
      setPending(false);
    }
  };

  const fieldList = Object.entries(errors).map(([name, message]) => ({ id: fieldId(name), message }));

  return (
    <form className="form event-form" onSubmit={(e) => void submit(e)} noValidate>
      {summary && <ErrorSummary ref={summaryRef} title={summary} fields={fieldList} />}
      {!event && (
        <SelectField
          id={fieldId('unitId')}
          label={t('events.form.unit')}
          hint={t('events.form.unitHint')}
          value={values.unitId}
          onChange={(e) => {
            set('unitId', e.target.value);
            // Series belong to a unit: another unit has other ones.
            set('seriesId', '');
          }}
        >
          {units.map((u) => (
            <option key={u.id} value={String(u.id)}>
              {u.name}
            </option>
          ))}
        </SelectField>
      )}
      <SelectField
        id={fieldId('kind')}
        label={t('events.form.kind')}
        value={values.kind}
        error={errors.kind}
        onChange={(e) => set('kind', e.target.value as EventKind)}
      >
        {EVENT_KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`events.kinds.${k}`)}
          </option>
        ))}
      </SelectField>
      <SeriesField
        id={fieldId('seriesId')}
        unitId={event ? event.unit.id : Number(values.unitId)}
        value={values.seriesId}
        error={errors.seriesId}
        onChange={(seriesId) => set('seriesId', seriesId)}
      />
      <InputField
        id={fieldId('title')}
        label={t('events.form.title')}
        value={values.title}
        maxLength={200}
        required
        error={errors.title}
        onChange={(e) => set('title', e.target.value)}
      />
      <InputField
        id={fieldId('topic')}
        label={t('events.form.topic')}
        hint={t('events.form.topicHint')}
        value={values.topic}
        maxLength={120}
        error={errors.topic}
        onChange={(e) => set('topic', e.target.value)}
      />
      <TextAreaField
        id={fieldId('description')}
        label={t('events.form.description')}
        hint={t('events.form.descriptionHint')}
        rows={8}
        maxLength={20_000}
        value={values.description}
        error={errors.description}
        onChange={(e) => set('description', e.target.value)}
      />
      <div className="field-pair">
        <InputField
          id={fieldId('startsAt')}
          type="datetime-local"
          label={t('events.form.startsAt')}
          hint={t('events.form.timeHint')}
          value={values.startsAt}
          required
          error={errors.startsAt}
          onChange={(e) => set('startsAt', e.target.value)}
        />
        <InputField
          id={fieldId('endsAt')}
          type="datetime-local"
          label={t('events.form.endsAt')}
          hint={t('events.form.timeHint')}
          value={values.endsAt}
          required
          error={errors.endsAt}
          onChange={(e) => set('endsAt', e.target.value)}
        />
      </div>
      <ChoiceGroup id={fieldId('online')} legend={t('events.form.place')} error={errors.online}>
        <Choice
          type="radio"
          name="online"
          label={t('events.form.online')}
          checked={values.online}
          onChange={() => set('online', true)}
        />
        <Choice
          type="radio"
          name="online"
          label={t('events.form.inPerson')}
          checked={!values.online}
          onChange={() => set('online', false)}
        />
      </ChoiceGroup>
      {!values.online && (
        <InputField
          id={fieldId('location')}
          label={t('events.form.location')}
          value={values.location}
          maxLength={300}
          error={errors.location}
          onChange={(e) => set('location', e.target.value)}
        />
      )}
      <Guests values={values} errors={errors} onChange={(guests) => set('guests', guests)} />
      <ChoiceGroup id={fieldId('audience')} legend={t('events.form.audience')} error={errors.audience}>
        {AUDIENCE_ORDER.map((a) => (
          <Choice
            key={a}
            type="radio"
            name="audience"
            label={t(`events.audiences.${a}`)}
            checked={values.audience === a}
            onChange={() => set('audience', a)}
          />
        ))}
        {values.audience === 'all' && (
          // Reaching every member is a deliberate choice, not a default one clicks past.
          <Choice
            type="checkbox"
            label={t('events.form.confirmAll')}
            checked={values.audienceAllConfirmed}
            onChange={(e) => {
              set('audienceAllConfirmed', e.target.checked);
              if (errors.audience) setErrors(({ audience: _gone, ...rest }) => rest);
            }}
          />
        )}
      </ChoiceGroup>
      {values.audience === 'role' && (
        <ChoiceGroup id={fieldId('audienceRoles')} legend={t('events.form.audienceRoles')} error={errors.audienceRoles}>
          {ROLES.map((r) => (
            <Choice
              key={r}
              type="checkbox"
              label={t(`roles.${r}`)}
              checked={values.audienceRoles.includes(r)}
              onChange={(e) =>
                set(
                  'audienceRoles',
                  e.target.checked ? [...values.audienceRoles, r] : values.audienceRoles.filter((x) => x !== r),
                )
              }
            />
          ))}
        </ChoiceGroup>
      )}
      <InputField
        id={fieldId('capacity')}
        type="number"
        inputMode="numeric"
        min={1}
        max={100_000}
        label={t('events.form.capacity')}
        hint={t('events.form.capacityHint')}
        value={values.capacity}
        error={errors.capacity}
        onChange={(e) => set('capacity', e.target.value)}
      />
      <Card title={t('events.meeting.title')}>
        <p className="hint">{t('events.workspace.meetingLead')}</p>
        <div className="form form--nested">
          <InputField
            id={fieldId('meetingUrl')}
            type="url"
            label={t('events.meeting.url')}
            value={values.meetingUrl}
            placeholder="https://"
            maxLength={500}
            error={errors.meetingUrl}
            onChange={(e) => set('meetingUrl', e.target.value)}
          />
          <InputField
            id={fieldId('meetingDialIn')}
            label={t('events.meeting.dialIn')}
            value={values.meetingDialIn}
            maxLength={200}
            error={errors.meetingDialIn}
            onChange={(e) => set('meetingDialIn', e.target.value)}
          />
          <InputField
            id={fieldId('meetingAccessCode')}
            label={t('events.meeting.accessCode')}
            value={values.meetingAccessCode}
            maxLength={100}
            error={errors.meetingAccessCode}
            onChange={(e) => set('meetingAccessCode', e.target.value)}
          />
          <InputField
            id={fieldId('meetingMailAt')}
            type="datetime-local"
            label={t('events.form.meetingMailAt')}
            hint={t('events.form.meetingMailHint')}
            value={values.meetingMailAt}
            error={errors.meetingMailAt}
            onChange={(e) => set('meetingMailAt', e.target.value)}
          />
          <InputField
            id={fieldId('reminderMinutesBefore')}
            type="number"
            inputMode="numeric"
            min={5}
            max={10_080}
            label={t('events.form.reminder')}
            hint={t('events.form.reminderHint')}
            value={values.reminder}
            error={errors.reminderMinutesBefore}
            onChange={(e) => set('reminder', e.target.value)}
          />
        </div>
      </Card>
      <ChoiceGroup id={fieldId('share')} legend={t('events.form.share')} error={errors.share}>
        <Choice
          type="checkbox"
          label={t('events.form.sharePublic')}
          checked={values.sharePublic}
          onChange={(e) => set('sharePublic', e.target.checked)}
        />
      </ChoiceGroup>
      {values.sharePublic && (
        <ChoiceGroup id={fieldId('share.fields')} legend={t('events.form.shareFields')}>
          {EVENT_PUBLIC_FIELDS.map((f) => (
            <Choice
              key={f}
              type="checkbox"
              label={t(`events.publicFields.${f}`)}
              checked={values.shareFields.includes(f)}
              onChange={(e) =>
                set(
                  'shareFields',
                  e.target.checked ? [...values.shareFields, f] : values.shareFields.filter((x) => x !== f),
                )
              }
            />
          ))}
        </ChoiceGroup>
      )}
      <div className="button-row">
        <Button type="submit" variant="primary" isPending={pending}>
          {event ? t('events.form.save') : t('events.form.create')}
        </Button>
        <ButtonLink to={event ? `/termine/${event.id}` : '/termine'} variant="quiet">
          {t('events.form.cancelEdit')}
        </ButtonLink>
      </div>
    </form>
  );
}

/** The element id of a field, by its name in the API's error paths. */
function fieldId(name: string): string {
  return `event-${name.replace(/\./g, '-')}`;
}

function Guests({
  values,
  errors,
  onChange,
}: {
  values: Values;
  errors: Record<string, string>;
  onChange: (guests: Guest[]) => void;
}) {
  const { t } = useTranslation();
  const guests = values.guests;
  const change = (i: number, patch: Partial<Guest>) =>
    onChange(guests.map((g, j) => (j === i ? { ...g, ...patch } : g)));
  return (
    <fieldset className="choice-group guests">
      <legend className="field__label">{t('events.form.guests')}</legend>
      {guests.map((g, i) => (
        <div key={i} className="guest-row" role="group" aria-label={t('events.form.guestNumber', { number: i + 1 })}>
          <InputField
            id={fieldId(`guests.${i}.name`)}
            label={t('events.form.guestName')}
            value={g.name}
            maxLength={120}
            error={errors[`guests.${i}.name`]}
            onChange={(e) => change(i, { name: e.target.value })}
          />
          <InputField
            id={fieldId(`guests.${i}.role`)}
            label={t('events.form.guestRole')}
            value={g.role}
            maxLength={120}
            error={errors[`guests.${i}.role`]}
            onChange={(e) => change(i, { role: e.target.value })}
          />
          <Button variant="quiet" onPress={() => onChange(guests.filter((_, j) => j !== i))}>
            {t('events.form.removeGuest', { number: i + 1 })}
          </Button>
        </div>
      ))}
      {guests.length < 30 && (
        <Button variant="secondary" onPress={() => onChange([...guests, { name: '', role: '' }])}>
          {t('events.form.addGuest')}
        </Button>
      )}
    </fieldset>
  );
}
