/** Error codes of the notifications feature (see ../errors.ts). No codes of its own yet. */
export const NOTIFICATIONS_ERRORS = {} as const satisfies Record<string, { status: number; de: string; en: string }>;
