/** Error codes of the notifications feature (see ../errors.ts). */
export const NOTIFICATIONS_ERRORS = {} as const satisfies Record<string, { status: number; de: string; en: string }>;
