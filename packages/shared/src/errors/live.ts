/** Error codes of the live feature (see ../errors.ts). */
export const LIVE_ERRORS = {
  live_origin_refused: {
    status: 403,
    de: 'Die Live-Verbindung ist nur von dieser Seite aus möglich.',
    en: 'The live connection is only possible from this site.',
  },
  live_upgrade_required: {
    status: 426,
    de: 'Hier ist nur eine WebSocket-Verbindung möglich.',
    en: 'Only a WebSocket connection is possible here.',
  },
  live_too_many_connections: {
    status: 429,
    de: 'Zu viele gleichzeitige Live-Verbindungen. Schließe andere Fenster und versuche es erneut.',
    en: 'Too many live connections at once. Close other windows and try again.',
  },
  live_bad_message: {
    status: 400,
    de: 'Diese Nachricht versteht der Server nicht.',
    en: 'The server does not understand this message.',
  },
  live_scope_not_found: {
    status: 404,
    de: 'Nicht gefunden.',
    en: 'Not found.',
  },
} as const satisfies Record<string, { status: number; de: string; en: string }>;
