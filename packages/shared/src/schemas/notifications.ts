/** API schemas of the notifications feature. */
export {};
