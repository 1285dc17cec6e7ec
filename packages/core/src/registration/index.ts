/** Registration, invitations, password reset and account changes. */
export * from './password-policy.ts';
export * from './registration.mails.ts';
export * from './registration.service.ts';
export * from './account-creation.ts';
export * from './password-reset.service.ts';
export * from './account-changes.service.ts';
export * from './invitations.service.ts';
