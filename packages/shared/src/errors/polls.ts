/** Error codes of polls (see ../errors.ts). */
export const POLLS_ERRORS = {
  poll_closed: {
    status: 409,
    de: 'Dieses Meinungsbild ist beendet. Abstimmen geht nicht mehr.',
    en: 'This poll is closed. Voting is no longer possible.',
  },
  poll_vote_invalid: {
    status: 422,
    de: 'Bitte wähle eine Antwort (bei Mehrfachauswahl mindestens eine) aus diesem Meinungsbild.',
    en: 'Please choose one answer (at least one for multiple choice) of this poll.',
  },
} as const satisfies Record<string, { status: number; de: string; en: string }>;
