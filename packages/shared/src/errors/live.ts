/** Error codes of the live feature (see ../errors.ts). */
export const LIVE_ERRORS = {} as const satisfies Record<string, { status: number; de: string; en: string }>;
