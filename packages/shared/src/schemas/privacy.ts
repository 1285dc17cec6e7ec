/** API schemas of the privacy feature: profiles, roles, data export, deletion, consents, the audit log. */
import Type, { type Static } from 'typebox';
import { ROLES } from '../roles.ts';

const strict = { additionalProperties: false } as const;
const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const Role = Type.Enum(ROLES);

/** Who may see a profile field: nobody, members sharing a unit below the Landesverband, every member. */
export const VisibilitySchema = Type.Enum(['nobody', 'units', 'all'] as const);
export type Visibility = Static<typeof VisibilitySchema>;

export const ProfileVisibility = Type.Object(
  { about: VisibilitySchema, phone: VisibilitySchema, contactEmail: VisibilitySchema, photo: VisibilitySchema },
  strict,
);
export type ProfileVisibility = Static<typeof ProfileVisibility>;

/** One's own profile, with every field and its visibility. */
export const MyProfile = Type.Object(
  {
    memberId: Id,
    about: Type.Union([Type.String(), Type.Null()]),
    phone: Type.Union([Type.String(), Type.Null()]),
    contactEmail: Type.Union([Type.String(), Type.Null()]),
    hasPhoto: Type.Boolean(),
    visibility: ProfileVisibility,
  },
  strict,
);
export type MyProfile = Static<typeof MyProfile>;

/** A change to one's profile; unknown fields (`role`, `unitId`, `isAdmin`) are refused with 422. */
export const ProfilePatch = Type.Object(
  {
    about: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
    phone: Type.Optional(Type.Union([Type.String({ maxLength: 40, pattern: '^[0-9 +()/-]*$' }), Type.Null()])),
    contactEmail: Type.Optional(Type.Union([Type.String({ maxLength: 254, format: 'email' }), Type.Null()])),
    visibility: Type.Optional(Type.Partial(ProfileVisibility, strict)),
  },
  strict,
);
export type ProfilePatch = Static<typeof ProfilePatch>;

/** Another member's profile as the viewer may see it: absent fields are hidden. */
export const MemberProfile = Type.Object(
  {
    id: Id,
    name: Type.String(),
    about: Type.Optional(Type.String()),
    phone: Type.Optional(Type.String()),
    contactEmail: Type.Optional(Type.String()),
    photoUrl: Type.Optional(Type.String()),
  },
  strict,
);
export type MemberProfile = Static<typeof MemberProfile>;

export const UnitRoleHolder = Type.Object(
  {
    member: Type.Object({ id: Id, name: Type.String(), memberNumber: Type.String() }, strict),
    role: Role,
    source: Type.Union([Type.Literal('roster'), Type.Literal('app')]),
    since: Type.String({ format: 'date-time' }),
    canRevoke: Type.Boolean(),
  },
  strict,
);

/** Who holds which role in a unit, and which roles the viewer may grant there. */
export const UnitRoleList = Type.Object({ items: Type.Array(UnitRoleHolder), grantable: Type.Array(Role) }, strict);
export type UnitRoleList = Static<typeof UnitRoleList>;

/** Grant a role: name the member by id or by member number. */
export const GrantRoleBody = Type.Object(
  {
    memberId: Type.Optional(Id),
    memberNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    role: Role,
  },
  strict,
);
export type GrantRoleBody = Static<typeof GrantRoleBody>;

export const ReauthenticationBody = Type.Object({ password: Type.String({ minLength: 1, maxLength: 1024 }) }, strict);

/** The export is being prepared; the same one-time link is also sent by mail. */
export const DataExportStarted = Type.Object(
  { downloadUrl: Type.String(), expiresAt: Type.String({ format: 'date-time' }) },
  strict,
);
export type DataExportStarted = Static<typeof DataExportStarted>;

export const DeleteAccountBody = Type.Object(
  { password: Type.String({ minLength: 1, maxLength: 1024 }), confirm: Type.Literal('LÖSCHEN') },
  strict,
);

export const Consent = Type.Object(
  {
    kind: Type.String(),
    version: Type.String(),
    givenAt: Type.String({ format: 'date-time' }),
    withdrawnAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  strict,
);
export const ConsentList = Type.Object({ items: Type.Array(Consent) }, strict);
export type ConsentList = Static<typeof ConsentList>;

const Ms = Type.String({ format: 'date', description: 'A day, YYYY-MM-DD' });

export const AuditQuery = Type.Object(
  {
    action: Type.Optional(Type.String({ maxLength: 60, pattern: '^[a-z_.]+$' })),
    actor: Type.Optional(Id),
    subject: Type.Optional(Id),
    from: Type.Optional(Ms),
    to: Type.Optional(Ms),
    before: Type.Optional(Id),
  },
  strict,
);

export const AuditEntry = Type.Object(
  {
    id: Id,
    at: Type.String({ format: 'date-time' }),
    action: Type.String(),
    actor: Type.Union([Type.Object({ accountId: Id, name: Type.String() }, strict), Type.Null()]),
    subject: Type.Union([Type.Object({ memberId: Id, name: Type.String() }, strict), Type.Null()]),
    unitId: Type.Union([Id, Type.Null()]),
    ipPrefix: Type.Union([Type.String(), Type.Null()]),
    data: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  },
  strict,
);
export const AuditList = Type.Object(
  { items: Type.Array(AuditEntry), nextBefore: Type.Union([Id, Type.Null()]), actions: Type.Array(Type.String()) },
  strict,
);
export type AuditList = Static<typeof AuditList>;
