/** API schemas of registration, invitations, password reset and account changes. */
import Type, { type Static } from 'typebox';

const strict = { additionalProperties: false } as const;

/** Passwords: the policy (length, common passwords) is checked by the server with a reason; the schema only bounds the size. */
const Password = Type.String({
  minLength: 1,
  maxLength: 1024,
  description: 'At least 10 characters; not a common password',
});
const Email = Type.String({ minLength: 3, maxLength: 254, format: 'email' });
const Token = Type.String({
  minLength: 10,
  maxLength: 200,
  pattern: '^[A-Za-z0-9_-]+$',
  description: 'The token from the mailed link',
});
const MemberNumber = Type.String({
  minLength: 1,
  maxLength: 30,
  pattern: '^\\s*[0-9A-Za-z-]+\\s*$',
  description: 'Mitgliedsnummer',
});

export const RegistrationBody = Type.Object(
  {
    memberNumber: MemberNumber,
    lastName: Type.String({ minLength: 1, maxLength: 200 }),
    birthDate: Type.String({ format: 'date', description: 'YYYY-MM-DD' }),
    email: Email,
  },
  strict,
);
export type RegistrationBody = Static<typeof RegistrationBody>;

/** The one answer to every registration or reset request, member or not. */
export const RequestAccepted = Type.Object(
  { status: Type.Literal('accepted', { description: 'If the data fit, a mail is on its way' }) },
  { ...strict, $id: 'RequestAccepted' },
);
export type RequestAccepted = Static<typeof RequestAccepted>;

export const TokenPasswordBody = Type.Object({ token: Token, password: Password }, strict);
export type TokenPasswordBody = Static<typeof TokenPasswordBody>;

/** `POST /invitations/accept`: the birth date when the invitation went to an address the roster does not know. */
export const AcceptInvitationBody = Type.Object(
  {
    token: Token,
    password: Password,
    birthDate: Type.Optional(
      Type.String({
        format: 'date',
        description: 'YYYY-MM-DD, as in the roster; required when the invitation link says so (geburtsdatum=1)',
      }),
    ),
  },
  strict,
);
export type AcceptInvitationBody = Static<typeof AcceptInvitationBody>;

export const PasswordResetBody = Type.Object({ email: Email }, strict);
export type PasswordResetBody = Static<typeof PasswordResetBody>;

export const ChangePasswordBody = Type.Object({ currentPassword: Password, newPassword: Password }, strict);
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;

export const ChangeEmailBody = Type.Object({ currentPassword: Password, newEmail: Email }, strict);
export type ChangeEmailBody = Static<typeof ChangeEmailBody>;

export const TokenBody = Type.Object({ token: Token }, strict);
export type TokenBody = Static<typeof TokenBody>;

export const EmailChanged = Type.Object({ email: Type.String() }, strict);
export type EmailChanged = Static<typeof EmailChanged>;

export const InvitationBody = Type.Object({ memberNumber: MemberNumber, email: Email }, strict);
export type InvitationBody = Static<typeof InvitationBody>;

/** Password rules the web form shows while the member types; the server checks the same. */
export const PASSWORD_RULES = { minLength: 10, maxLength: 256 } as const;
