/** Error codes of the events feature (see ../errors.ts). */
export const EVENTS_ERRORS = {} as const satisfies Record<string, { status: number; de: string; en: string }>;
