export * from './errors.ts';
export * from './units.ts';
export * from './roles.ts';
export * from './schemas.ts';
