/** Error codes of the programme process (see ../errors.ts). */
export const PROGRAMME_ERRORS = {
  programme_phase_closed: {
    status: 409,
    de: 'Das geht in dieser Phase des Programmprozesses nicht (mehr). Die Zeiträume stehen auf der Übersichtsseite.',
    en: 'This is not possible in the current phase of the programme process. The overview page shows the dates.',
  },
  programme_commission_only: {
    status: 403,
    de: 'Das kann nur die Programmkommission.',
    en: 'Only the programme commission can do this.',
  },
  cannot_support_own: {
    status: 422,
    de: 'Eigene Ideen und Anträge kannst du nicht unterstützen.',
    en: 'You cannot support your own ideas and amendments.',
  },
  draft_outdated: {
    status: 409,
    de: 'Inzwischen gibt es eine neuere Fassung des Entwurfs. Bitte stelle deinen Antrag auf der aktuellen Fassung.',
    en: 'A newer version of the draft has been published. Please file your amendment on the current version.',
  },
  lines_outside_draft: {
    status: 422,
    de: 'Diese Zeilen gibt es im Entwurf nicht, oder sie liegen in verschiedenen Kapiteln.',
    en: 'These lines are not in the draft, or they span several chapters.',
  },
  no_draft_yet: {
    status: 409,
    de: 'Es ist noch kein Entwurf veröffentlicht.',
    en: 'No draft has been published yet.',
  },
} as const satisfies Record<string, { status: number; de: string; en: string }>;
