/** Error codes of the moderation feature (see ../errors.ts). */
export const MODERATION_ERRORS = {
  already_reported: {
    status: 409,
    de: 'Du hast diesen Beitrag bereits gemeldet.',
    en: 'You have already reported this post.',
  },
  own_post_report: {
    status: 422,
    de: 'Eigene Beiträge kannst du nicht melden. Du kannst sie bearbeiten oder löschen.',
    en: 'You cannot report your own post. You can edit or delete it.',
  },
  post_deleted: {
    status: 409,
    de: 'Dieser Beitrag wurde gelöscht.',
    en: 'This post has been deleted.',
  },
  post_already_hidden: {
    status: 409,
    de: 'Dieser Beitrag ist bereits ausgeblendet.',
    en: 'This post is already hidden.',
  },
  report_closed: {
    status: 409,
    de: 'Diese Meldung ist bereits erledigt.',
    en: 'This report has already been dealt with.',
  },
  ban_self: {
    status: 422,
    de: 'Du kannst dich nicht selbst sperren.',
    en: 'You cannot ban yourself.',
  },
  ban_member_outside_room: {
    status: 422,
    de: 'Dieses Mitglied kann den Raum nicht sehen und muss daher nicht gesperrt werden.',
    en: 'This member cannot see the room, so there is nothing to ban them from.',
  },
  ban_moderator: {
    status: 422,
    de: 'Wer diesen Raum moderiert, kann hier nicht gesperrt werden.',
    en: 'Someone who moderates this room cannot be banned from it.',
  },
  already_banned: {
    status: 409,
    de: 'Dieses Mitglied ist in diesem Raum bereits gesperrt. Hebe die Sperre auf, um eine neue festzulegen.',
    en: 'This member is already banned from this room. Lift the ban to set a new one.',
  },
  ban_not_active: {
    status: 409,
    de: 'Diese Sperre ist nicht mehr in Kraft.',
    en: 'This ban is no longer in force.',
  },
} as const satisfies Record<string, { status: number; de: string; en: string }>;
