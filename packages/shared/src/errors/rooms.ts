/** Error codes of the rooms feature (see ../errors.ts). */
export const ROOMS_ERRORS = {} as const satisfies Record<string, { status: number; de: string; en: string }>;
