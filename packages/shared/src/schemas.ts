/**
 * The API's schemas. Routes validate with them, the OpenAPI document is generated from them, and
 * the web app imports their static types. Objects refuse unknown properties, so a body carrying
 * `isAdmin` or `role` where none belongs is a 422, not silently ignored.
 */
import Type, { type Static } from 'typebox';
import { UNIT_TYPES } from './units.ts';
import { ROLES } from './roles.ts';
import { MAIL_KINDS } from './mail-kinds.ts';

const strict = { additionalProperties: false } as const;

/** RFC 9457 problem document. */
export const Problem = Type.Object(
  {
    type: Type.String({ description: 'URI identifying the kind of problem' }),
    title: Type.String({ description: 'Short, human-readable summary in the request language' }),
    status: Type.Integer(),
    code: Type.String({ description: 'Stable machine-readable error code' }),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          path: Type.String({ description: 'JSON pointer to the offending value' }),
          message: Type.String(),
        }),
      ),
    ),
  },
  { $id: 'Problem', description: 'An error as application/problem+json' },
);
export type Problem = Static<typeof Problem>;

export const Health = Type.Object({ status: Type.Literal('ok') }, strict);

export const Ready = Type.Object(
  {
    status: Type.Union([Type.Literal('ready'), Type.Literal('not_ready')]),
    database: Type.Union([Type.Literal('ok'), Type.Literal('unreachable')]),
    schemaVersion: Type.String(),
  },
  strict,
);

export const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

export const UnitTypeSchema = Type.Enum(UNIT_TYPES);
export const RoleSchema = Type.Enum(ROLES);

export const Unit = Type.Object(
  {
    id: Id,
    type: UnitTypeSchema,
    name: Type.String(),
    code: Type.String({ description: 'Short code, e.g. the roster code of an Ortsverein' }),
    parentId: Type.Union([Id, Type.Null()]),
    depth: Type.Integer({ minimum: 0, description: 'Distance from the root of the tree' }),
    childCount: Type.Integer({ minimum: 0 }),
  },
  { ...strict, $id: 'Unit' },
);
export type Unit = Static<typeof Unit>;

export const UnitList = Type.Object({ items: Type.Array(Unit) }, strict);
export type UnitList = Static<typeof UnitList>;

export const UnitParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,15}$' }) }, strict);

export const UnitSearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    type: Type.Optional(UnitTypeSchema),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  strict,
);

export const Membership = Type.Object(
  {
    unit: Unit,
    roles: Type.Array(RoleSchema),
  },
  strict,
);

export const Me = Type.Object(
  {
    id: Id,
    email: Type.String(),
    displayName: Type.String(),
    locale: Type.Union([Type.Literal('de'), Type.Literal('en')]),
    memberNumber: Type.String(),
    memberships: Type.Array(Membership),
    abilities: Type.Object(
      {
        readSentMail: Type.Boolean(),
        administerUnits: Type.Boolean(),
      },
      strict,
    ),
  },
  { ...strict, $id: 'Me' },
);
export type Me = Static<typeof Me>;

/** Whether this browser is signed in, and as whom: answered with 200 either way. */
export const SessionState = Type.Union([
  Type.Object({ signedIn: Type.Literal(false) }, strict),
  Type.Object({ signedIn: Type.Literal(true), me: Me }, strict),
]);
export type SessionState = Static<typeof SessionState>;

export const SignInBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254, format: 'email' }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  strict,
);
export type SignInBody = Static<typeof SignInBody>;

export const SentMail = Type.Object(
  {
    id: Id,
    to: Type.String(),
    subject: Type.String(),
    kind: Type.Enum(MAIL_KINDS),
    text: Type.Union([Type.String(), Type.Null()], {
      description: 'The plain-text body; null when it is not for the viewer (links, codes, meeting data) or was erased',
    }),
    html: Type.Union([Type.String(), Type.Null()], { description: 'The HTML body; null like `text`' }),
    locale: Type.String(),
    status: Type.Union([Type.Literal('queued'), Type.Literal('sent'), Type.Literal('kept'), Type.Literal('failed')]),
    createdAt: Type.String({ format: 'date-time' }),
    sentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { ...strict, $id: 'SentMail' },
);
export type SentMail = Static<typeof SentMail>;

export const SentMailList = Type.Object(
  {
    items: Type.Array(SentMail),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  },
  strict,
);
export type SentMailList = Static<typeof SentMailList>;

export const PageQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,15}$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
  },
  strict,
);

/** The legal pages an instance publishes: Impressum, Datenschutzerklärung, Erklärung zur Barrierefreiheit. */
export const LEGAL_PAGES = ['impressum', 'datenschutz', 'barrierefreiheit'] as const;
export type LegalPageName = (typeof LEGAL_PAGES)[number];
const LegalPageName = Type.Union([
  Type.Literal('impressum'),
  Type.Literal('datenschutz'),
  Type.Literal('barrierefreiheit'),
]);

export const Instance = Type.Object(
  {
    name: Type.String(),
    shortName: Type.String(),
    primaryColor: Type.String(),
    accentColor: Type.String(),
    logoUrl: Type.String(),
    demo: Type.Boolean({ description: 'Whether this instance runs with demo data' }),
    legalPages: Type.Array(LegalPageName, {
      description: 'The legal pages this instance has (Markdown files in LEGAL_DIR)',
    }),
    partyAccount: Type.Boolean({
      description: "Whether members can sign in with the party's identity provider (/auth/oidc/start)",
    }),
  },
  { ...strict, $id: 'Instance' },
);
export type Instance = Static<typeof Instance>;

export const LegalPageParams = Type.Object({ page: LegalPageName }, { additionalProperties: false });

export const LegalPage = Type.Object(
  {
    page: LegalPageName,
    locale: Type.Union([Type.Literal('de'), Type.Literal('en')], {
      description: 'The language of the text: English when asked for and written, else German',
    }),
    html: Type.String({ description: 'The Markdown file rendered to safe HTML' }),
  },
  { ...strict, $id: 'LegalPage' },
);
export type LegalPage = Static<typeof LegalPage>;
