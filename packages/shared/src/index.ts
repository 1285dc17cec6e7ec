export * from './errors.ts';
export * from './units.ts';
export * from './roles.ts';
export * from './schemas.ts';
export * from './schemas/roster.ts';
export * from './schemas/registration.ts';
export * from './schemas/security.ts';
export * from './schemas/privacy.ts';
