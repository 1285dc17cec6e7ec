/** API schemas of the events feature. */
export {};
