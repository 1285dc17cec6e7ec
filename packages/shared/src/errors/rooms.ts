/** Error codes of the rooms feature (see ../errors.ts). */
export const ROOMS_ERRORS = {
  room_banned: {
    status: 403,
    de: 'Du bist in diesem Raum gerade gesperrt und kannst nur lesen.',
    en: 'You are banned from writing in this room for now; you can still read.',
  },
  code_of_conduct_required: {
    status: 403,
    de: 'Bitte nimm zuerst die Gesprächsregeln dieses Raums an.',
    en: 'Please accept the code of conduct of this room first.',
  },
  thread_locked: {
    status: 403,
    de: 'Dieses Thema ist geschlossen. Nur die Moderation kann hier noch schreiben.',
    en: 'This thread is locked. Only moderators can write here.',
  },
  room_is_default: {
    status: 409,
    de: '„Allgemein“ und „Vorstand“ gehören zu jeder Gliederung. Du kannst sie stummschalten, aber nicht verlassen oder archivieren.',
    en: '"Allgemein" and "Vorstand" belong to every unit. They can be muted but not left or archived.',
  },
  room_not_invite_only: {
    status: 409,
    de: 'Einladungen gibt es nur in Räumen, die nur für Eingeladene sind.',
    en: 'Only invite-only rooms have invitations.',
  },
  post_deleted: {
    status: 409,
    de: 'Dieser Beitrag wurde gelöscht.',
    en: 'This post was deleted.',
  },
  post_hidden: {
    status: 409,
    de: 'Dieser Beitrag wurde von der Moderation ausgeblendet und kann nicht mehr bearbeitet werden.',
    en: 'This post was hidden by moderation and can no longer be edited.',
  },
} as const satisfies Record<string, { status: number; de: string; en: string }>;
