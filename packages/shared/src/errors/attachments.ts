/** Error codes of the attachments feature (see ../errors.ts). */
export const ATTACHMENTS_ERRORS = {
  attachment_too_large: {
    status: 413,
    de: 'Diese Datei ist zu groß.',
    en: 'This file is too large.',
  },
  attachment_type_refused: {
    status: 415,
    de: 'Diese Art von Datei kann nicht angehängt werden. Möglich sind Bilder (JPEG, PNG, WebP, GIF), PDF und Office-Dokumente.',
    en: 'This kind of file cannot be attached. Images (JPEG, PNG, WebP, GIF), PDF and office documents are possible.',
  },
  attachment_unreadable: {
    status: 422,
    de: 'Diese Datei ist beschädigt und kann nicht gelesen werden.',
    en: 'This file is damaged and cannot be read.',
  },
} as const satisfies Record<string, { status: number; de: string; en: string }>;
