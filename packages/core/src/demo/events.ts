/**
 * Demo events: the seed's dialogue tour with the lead candidate — three video conferences
 * (Mobilität on 8 April 19:00, Bildung on 23 April, Arbeit im Wandel on 27 April, each the next
 * such date, so they are upcoming) with meeting data mailed "on the Monday before" at 10:00, a few
 * questions in advance — and trainings of the Regionalzentren on working days (no weekends, public
 * holidays or days between Christmas and New Year).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { nowMs } from '../db/database.ts';
import { loadActor, type Actor } from '../accounts/actor.ts';
import type { MailSettings } from '../registration/registration.mails.ts';
import { createEvent, createSeries } from '../events/events.service.ts';
import { setMeetingData } from '../events/events.meeting.ts';
import { registerForEvent } from '../events/events.registration.ts';
import { askQuestion, supportQuestion } from '../events/events.questions.ts';
import { berlinLocalIso, nextBerlinDate, parseEventTime } from '../events/events.time.ts';
import { workingDayAfter, workingDayFrom } from './working-days.ts';

export interface DemoEventsReport {
  series: number;
  events: number;
}

const DEFAULT_SETTINGS: MailSettings = {
  brand: { instanceName: 'Rotes Netz', primaryColor: '#B5000C' },
  messageDomain: 'demo.rotes-netz.de',
  publicUrl: 'http://localhost:3000',
};

/** `YYYY-MM-DDTHH:mm` Europe/Berlin wall clock of an instant. */
const local = (ms: number) => berlinLocalIso(ms).slice(0, 16);

/** The Monday before an instant (a week before if it is a Monday), at 10:00 Berlin time. */
function mondayBefore(ms: number): string {
  const [y, m, d] = local(ms).slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  const back = (day.getUTCDay() + 6) % 7 || 7;
  day.setUTCDate(day.getUTCDate() - back);
  return `${day.toISOString().slice(0, 10)}T10:00`;
}

async function actorByEmail(db: Kysely<DB>, email: string): Promise<Actor | undefined> {
  const account = await db.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirst();
  return account ? loadActor(db, account.id) : undefined;
}

const TRAININGS = [
  { title: 'Social Media für Ortsvereine', topic: 'Kommunikation', days: 10 },
  { title: 'Pressearbeit vor Ort', topic: 'Kommunikation', days: 17 },
  { title: 'Neue Mitglieder gewinnen und halten', topic: 'Mitglieder', days: 24 },
];

/**
 * Seeds the demo events. Needs the demo units and accounts (`admin@…`, `mitglied@…`,
 * `vorsitz@…`, `regionalzentrum@…`); call it after `seedDemo`, e.g.
 * `await seedDemoEvents(db, { settings: mailSettings })`. Returns what it created.
 */
export async function seedDemoEvents(
  db: Kysely<DB>,
  options: { now?: number; settings?: MailSettings; domain?: string } = {},
): Promise<DemoEventsReport> {
  const now = options.now ?? nowMs();
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const domain = options.domain ?? 'demo.rotes-netz.de';
  const admin = await actorByEmail(db, `admin@${domain}`);
  const lv = await db.selectFrom('units').select('id').where('type', '=', 'landesverband').executeTakeFirst();
  if (!admin || !lv) return { series: 0, events: 0 };
  const member = await actorByEmail(db, `mitglied@${domain}`);
  const chair = await actorByEmail(db, `vorsitz@${domain}`);
  const regional = await actorByEmail(db, `regionalzentrum@${domain}`);
  let events = 0;

  const tour = await createSeries(db, admin, lv.id, {
    title: 'Dialogtour mit dem Spitzenkandidaten',
    description: 'Drei Videokonferenzen zu den großen Themen der Landtagswahl. Fragen können vorab gestellt werden.',
  });
  const stops = [
    { topic: 'Mobilität', month: 4, day: 8 },
    { topic: 'Bildung', month: 4, day: 23 },
    { topic: 'Arbeit im Wandel', month: 4, day: 27 },
  ];
  for (const [index, stop] of stops.entries()) {
    // The next such date, moved to a working day if it falls on a weekend or holiday.
    const date = workingDayFrom(local(nextBerlinDate(now, stop.month, stop.day, 19)).slice(0, 10));
    const starts = parseEventTime(`${date}T19:00`, 'startsAt');
    const event = await createEvent(
      db,
      admin,
      lv.id,
      {
        kind: 'video_conference',
        title: `Dialogtour: ${stop.topic}`,
        topic: stop.topic,
        description: `Der Spitzenkandidat spricht mit Mitgliedern über **${stop.topic}**. Stellt eure Fragen gern schon vorab.`,
        startsAt: local(starts),
        endsAt: local(parseEventTime(local(starts), 'startsAt') + 90 * 60_000),
        online: true,
        guests: [{ name: 'Der Spitzenkandidat', role: 'Spitzenkandidat zur Landtagswahl' }],
        audience: 'all',
        capacity: 500,
        seriesId: tour.id,
        meetingMailAt: mondayBefore(starts),
        reminderMinutesBefore: 60,
        share: { public: true, fields: ['topic', 'guests'] },
      },
      settings,
    );
    events += 1;
    await setMeetingData(
      db,
      admin,
      event.id,
      {
        url: `https://konferenz.demo.rotes-netz.de/dialogtour-${index + 1}`,
        dialIn: '+49 711 000000-0',
        accessCode: String(482_910 + index * 7),
      },
      settings,
    );
    // The first conference stays untouched by the demo accounts, so one can try registering and
    // asking; the others show "my events" and questions collected in advance.
    if (index === 0) continue;
    if (member) await registerForEvent(db, member, event.id, settings);
    if (chair) await registerForEvent(db, chair, event.id, settings);
    if (index === 1 && member && chair) {
      const q1 = await askQuestion(db, member, event.id, 'Wann fährt auf dem Land wieder jede Stunde ein Bus?');
      const q2 = await askQuestion(db, chair, event.id, 'Bleibt das Deutschlandticket bezahlbar?');
      await askQuestion(db, admin, event.id, 'Wie geht es mit der Gäubahn weiter?');
      await supportQuestion(db, chair, event.id, q1.id, true);
      await supportQuestion(db, admin, event.id, q1.id, true);
      await supportQuestion(db, member, event.id, q2.id, true);
    }
  }

  const centres = await db
    .selectFrom('units')
    .select('id')
    .where('type', '=', 'regionalzentrum')
    .orderBy('name')
    .execute();
  const regionalCentre = regional?.roles.find((r) => r.role === 'rz_staff')?.unitId;
  for (const [index, centre] of centres.entries()) {
    const organiser = centre.id === regionalCentre && regional ? regional : admin;
    for (const [t, training] of TRAININGS.entries()) {
      if ((index + t) % 2 === 1 && centre.id !== regionalCentre) continue;
      const date = workingDayAfter(now, training.days + index);
      await createEvent(
        db,
        organiser,
        centre.id,
        {
          kind: 'training',
          title: training.title,
          topic: training.topic,
          description: 'Digitale Schulung des Regionalzentrums. Die Zugangsdaten kommen nach der Anmeldung per Mail.',
          startsAt: `${date}T18:30`,
          endsAt: `${date}T20:00`,
          online: true,
          audience: 'all',
          capacity: 25,
        },
        settings,
      );
      events += 1;
    }
  }
  return { series: 1, events };
}
