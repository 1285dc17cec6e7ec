/** Error codes of the attachments feature (see ../errors.ts). */
export const ATTACHMENTS_ERRORS = {} as const satisfies Record<string, { status: number; de: string; en: string }>;
