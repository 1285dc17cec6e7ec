/** Error codes of the events feature (see ../errors.ts). */
export const EVENTS_ERRORS = {
  event_time_nonexistent: {
    status: 422,
    de: 'Diese Uhrzeit gibt es an diesem Tag nicht (Umstellung auf Sommerzeit). Bitte wähle eine andere.',
    en: 'This time does not exist on that day (clocks go forward). Please choose another.',
  },
  event_time_ambiguous: {
    status: 422,
    de: 'Diese Uhrzeit gibt es an diesem Tag zweimal (Umstellung auf Winterzeit). Bitte gib den Zeitversatz an, z. B. +02:00 oder +01:00.',
    en: 'This time occurs twice on that day (clocks go back). Please give the offset, e.g. +02:00 or +01:00.',
  },
  event_ends_before_start: {
    status: 422,
    de: 'Das Ende muss nach dem Beginn liegen.',
    en: 'The end must be after the start.',
  },
  event_audience_invalid: {
    status: 422,
    de: 'Für die Zielgruppe „Rolle“ muss mindestens eine Rolle gewählt sein – und nur dafür.',
    en: 'The audience "role" needs at least one role, and only that audience takes roles.',
  },
  event_series_invalid: {
    status: 422,
    de: 'Die Reihe gehört nicht zu dieser Gliederung.',
    en: 'The series does not belong to this unit.',
  },
  event_capacity_below_registrations: {
    status: 409,
    de: 'Es sind schon mehr Personen angemeldet, als die neue Platzzahl erlaubt.',
    en: 'More people are already registered than the new capacity allows.',
  },
  event_already_registered: {
    status: 409,
    de: 'Du bist für diese Veranstaltung schon angemeldet.',
    en: 'You are already registered for this event.',
  },
  event_not_registered: {
    status: 409,
    de: 'Du bist für diese Veranstaltung nicht angemeldet.',
    en: 'You are not registered for this event.',
  },
  event_cancelled: {
    status: 409,
    de: 'Die Veranstaltung wurde abgesagt.',
    en: 'The event has been cancelled.',
  },
  event_over: {
    status: 409,
    de: 'Die Veranstaltung ist schon vorbei.',
    en: 'The event is already over.',
  },
  event_meeting_mail_after_start: {
    status: 422,
    de: 'Die Zugangsdaten müssen vor dem Beginn verschickt werden.',
    en: 'The meeting data must be sent before the start.',
  },
  event_question_invalid_merge: {
    status: 422,
    de: 'Eine Frage kann nur mit einer anderen offenen Frage derselben Veranstaltung zusammengeführt werden.',
    en: 'A question can only be merged into another open question of the same event.',
  },
  event_question_one_action: {
    status: 422,
    de: 'Bitte genau eine Änderung auf einmal.',
    en: 'Please make exactly one change at a time.',
  },
  event_questions_closed: {
    status: 409,
    de: 'Zu dieser Veranstaltung können keine Fragen mehr gestellt werden.',
    en: 'Questions for this event are closed.',
  },
} as const satisfies Record<string, { status: number; de: string; en: string }>;
