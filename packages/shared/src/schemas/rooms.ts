/** API schemas of the rooms feature. */
export {};
