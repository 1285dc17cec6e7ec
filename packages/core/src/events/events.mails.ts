/**
 * The mails of the events feature, in German and English. Meeting data travels only in
 * `meeting_data` and `meeting_reminder` mails, addressed to one registered member each.
 */
import type { Kysely } from 'kysely';
import type { Locale } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import { renderMail, type MailContent } from '../mail/mail.layout.ts';
import { queueMail } from '../mail/mail.service.ts';
import type { MailSettings } from '../registration/registration.mails.ts';
import { formatEventTime } from './events.time.ts';

export type EventMail =
  'meeting_data' | 'meeting_reminder' | 'waitlist_promoted' | 'event_cancelled' | 'organiser_message';

export interface EventMailInput {
  name: string;
  title: string;
  startsAt: number;
  url: string;
  meeting?: { url: string | null; dialIn: string | null; accessCode: string | null } | undefined;
  reason?: string | null | undefined;
  message?: { subject: string; body: string; from: string } | undefined;
}

const meetingLines = (m: EventMailInput['meeting'], de: boolean): string[] => {
  if (!m) return [];
  return [
    m.url ? `${de ? 'Link zur Videokonferenz' : 'Video conference link'}: ${m.url}` : undefined,
    m.dialIn ? `${de ? 'Einwahl per Telefon' : 'Dial-in'}: ${m.dialIn}` : undefined,
    m.accessCode ? `${de ? 'Zugangscode' : 'Access code'}: ${m.accessCode}` : undefined,
  ].filter((l): l is string => l !== undefined);
};

type Texts = Record<EventMail, (i: EventMailInput) => MailContent>;

const DE: Texts = {
  meeting_data: (i) => ({
    subject: `Zugangsdaten: ${i.title}`,
    greeting: `Hallo ${i.name},`,
    paragraphs: [
      `du bist für „${i.title}“ am ${formatEventTime(i.startsAt, 'de')} angemeldet. Hier sind deine Zugangsdaten:`,
      ...meetingLines(i.meeting, true),
      'Bitte gib die Zugangsdaten nicht weiter.',
    ],
    action: { label: 'Zur Veranstaltung', url: i.url },
    footer:
      'Du bekommst diese Nachricht, weil du dich angemeldet hast. Ändern sich die Daten, schreiben wir dir erneut.',
  }),
  meeting_reminder: (i) => ({
    subject: `Erinnerung: ${i.title}`,
    greeting: `Hallo ${i.name},`,
    paragraphs: [
      `gleich geht es los: „${i.title}“ beginnt am ${formatEventTime(i.startsAt, 'de')}.`,
      ...meetingLines(i.meeting, true),
    ],
    action: { label: 'Zur Veranstaltung', url: i.url },
    footer: 'Du bekommst diese Nachricht, weil du dich angemeldet hast.',
  }),
  waitlist_promoted: (i) => ({
    subject: `Du hast einen Platz: ${i.title}`,
    greeting: `Hallo ${i.name},`,
    paragraphs: [
      `es ist ein Platz frei geworden: Du bist jetzt für „${i.title}“ am ${formatEventTime(i.startsAt, 'de')} angemeldet.`,
      'Wenn du doch nicht kannst, melde dich bitte ab, damit jemand anderes nachrücken kann.',
    ],
    action: { label: 'Zur Veranstaltung', url: i.url },
  }),
  event_cancelled: (i) => ({
    subject: `Abgesagt: ${i.title}`,
    greeting: `Hallo ${i.name},`,
    paragraphs: [
      `„${i.title}“ am ${formatEventTime(i.startsAt, 'de')} findet leider nicht statt.`,
      ...(i.reason ? [`Grund: ${i.reason}`] : []),
    ],
    action: { label: 'Zur Veranstaltung', url: i.url },
  }),
  organiser_message: (i) => ({
    subject: `${i.message!.subject} – ${i.title}`,
    greeting: `Hallo ${i.name},`,
    paragraphs: [...i.message!.body.split(/\n{2,}/), `– ${i.message!.from}`],
    action: { label: 'Zur Veranstaltung', url: i.url },
    footer: `Du bekommst diese Nachricht als angemeldete Person von „${i.title}“.`,
  }),
};

const EN: Texts = {
  meeting_data: (i) => ({
    subject: `Meeting details: ${i.title}`,
    greeting: `Hello ${i.name},`,
    paragraphs: [
      `you are registered for "${i.title}" on ${formatEventTime(i.startsAt, 'en')}. Here are your meeting details:`,
      ...meetingLines(i.meeting, false),
      'Please do not pass them on.',
    ],
    action: { label: 'Open the event', url: i.url },
    footer: 'You receive this because you registered. If the details change, we will write again.',
  }),
  meeting_reminder: (i) => ({
    subject: `Reminder: ${i.title}`,
    greeting: `Hello ${i.name},`,
    paragraphs: [`"${i.title}" starts on ${formatEventTime(i.startsAt, 'en')}.`, ...meetingLines(i.meeting, false)],
    action: { label: 'Open the event', url: i.url },
    footer: 'You receive this because you registered.',
  }),
  waitlist_promoted: (i) => ({
    subject: `You have a place: ${i.title}`,
    greeting: `Hello ${i.name},`,
    paragraphs: [
      `a place became free: you are now registered for "${i.title}" on ${formatEventTime(i.startsAt, 'en')}.`,
      'If you cannot come after all, please cancel so that someone else can move up.',
    ],
    action: { label: 'Open the event', url: i.url },
  }),
  event_cancelled: (i) => ({
    subject: `Cancelled: ${i.title}`,
    greeting: `Hello ${i.name},`,
    paragraphs: [
      `"${i.title}" on ${formatEventTime(i.startsAt, 'en')} has been cancelled.`,
      ...(i.reason ? [`Reason: ${i.reason}`] : []),
    ],
    action: { label: 'Open the event', url: i.url },
  }),
  organiser_message: (i) => ({
    subject: `${i.message!.subject} – ${i.title}`,
    greeting: `Hello ${i.name},`,
    paragraphs: [...i.message!.body.split(/\n{2,}/), `– ${i.message!.from}`],
    action: { label: 'Open the event', url: i.url },
    footer: `You receive this as a registrant of "${i.title}".`,
  }),
};

/** The address of an event's page in the web app. */
export function eventUrl(settings: Pick<MailSettings, 'publicUrl'>, eventId: number): string {
  return `${settings.publicUrl.replace(/\/$/, '')}/termine/${eventId}`;
}

/** Queues one event mail; call inside the transaction of the change (or fan-out batch) causing it. */
export async function queueEventMail(
  db: Kysely<DB>,
  settings: MailSettings,
  kind: EventMail,
  to: { email: string; locale: Locale },
  input: EventMailInput,
): Promise<number> {
  const content = (to.locale === 'en' ? EN : DE)[kind](input);
  return queueMail(
    db,
    { to: to.email, locale: to.locale, kind, ...renderMail(content, to.locale, settings.brand) },
    { messageDomain: settings.messageDomain },
  );
}
