/** API schemas of the moderation feature. */
export {};
