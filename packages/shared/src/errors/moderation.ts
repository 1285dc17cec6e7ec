/** Error codes of the moderation feature (see ../errors.ts). */
export const MODERATION_ERRORS = {} as const satisfies Record<string, { status: number; de: string; en: string }>;
