/** API schemas of the live feature. */
export {};
