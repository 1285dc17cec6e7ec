/** API schemas of sign-in hardening: second factors, passkeys, sessions, re-authentication. */
import Type, { type Static } from 'typebox';
import { Me } from '../schemas.ts';

const strict = { additionalProperties: false } as const;
const IsoTime = Type.String({ format: 'date-time' });

export const SECOND_FACTOR_METHODS = ['totp', 'recovery', 'passkey'] as const;
export type SecondFactorMethodName = (typeof SECOND_FACTOR_METHODS)[number];

/** The password was right; the member must now prove a second factor. */
export const SecondFactorRequired = Type.Object(
  {
    status: Type.Literal('second_factor_required'),
    methods: Type.Array(Type.Enum(SECOND_FACTOR_METHODS), { description: 'The factors this member has set up' }),
  },
  strict,
);
export type SecondFactorRequired = Static<typeof SecondFactorRequired>;

/** What `POST /auth/sign-in` answers: the member (signed in) or the request for a second factor. */
export const SignInResult = Type.Union([Me, SecondFactorRequired]);
export type SignInResult = Static<typeof SignInResult>;

export const CodeBody = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 64, description: 'A 6-digit TOTP code or a recovery code' }) },
  strict,
);
export type CodeBody = Static<typeof CodeBody>;

/** WebAuthn options as @simplewebauthn/server makes them (passed on to the browser as they are). */
export const WebAuthnOptions = Type.Object(
  { challenge: Type.String() },
  { additionalProperties: true, description: 'PublicKeyCredentialCreationOptionsJSON or …RequestOptionsJSON' },
);

const Base64Url = Type.String({ maxLength: 16_384, pattern: '^[A-Za-z0-9_-]*$' });
const ClientExtensionResults = Type.Object({}, { additionalProperties: true });
const Attachment = Type.Optional(Type.Union([Type.Literal('platform'), Type.Literal('cross-platform')]));

/** A passkey assertion (AuthenticationResponseJSON). */
export const PasskeyAssertion = Type.Object(
  {
    id: Base64Url,
    rawId: Base64Url,
    type: Type.Literal('public-key'),
    response: Type.Object(
      {
        clientDataJSON: Base64Url,
        authenticatorData: Base64Url,
        signature: Base64Url,
        userHandle: Type.Optional(Base64Url),
      },
      strict,
    ),
    clientExtensionResults: ClientExtensionResults,
    authenticatorAttachment: Attachment,
  },
  strict,
);
export type PasskeyAssertion = Static<typeof PasskeyAssertion>;

/** A new passkey from the authenticator (RegistrationResponseJSON) and the name the member gives it. */
export const PasskeyCreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 60 }),
    response: Type.Object(
      {
        id: Base64Url,
        rawId: Base64Url,
        type: Type.Literal('public-key'),
        response: Type.Object(
          {
            clientDataJSON: Base64Url,
            attestationObject: Base64Url,
            authenticatorData: Type.Optional(Base64Url),
            transports: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 10 })),
            publicKeyAlgorithm: Type.Optional(Type.Integer()),
            publicKey: Type.Optional(Base64Url),
          },
          strict,
        ),
        clientExtensionResults: ClientExtensionResults,
        authenticatorAttachment: Attachment,
      },
      strict,
    ),
  },
  strict,
);
export type PasskeyCreateBody = Static<typeof PasskeyCreateBody>;

export const Passkey = Type.Object(
  {
    id: Type.Integer({ minimum: 1 }),
    name: Type.String(),
    createdAt: IsoTime,
    lastUsedAt: Type.Union([IsoTime, Type.Null()]),
  },
  strict,
);
export type Passkey = Static<typeof Passkey>;

/** The member's second factors, for the security page. */
export const SecurityOverview = Type.Object(
  {
    totp: Type.Object({ enabled: Type.Boolean(), recoveryCodesLeft: Type.Integer({ minimum: 0 }) }, strict),
    passkeys: Type.Array(Passkey),
    secondFactorRequired: Type.Boolean({ description: "Whether this member's roles require a second factor" }),
  },
  strict,
);
export type SecurityOverview = Static<typeof SecurityOverview>;

export const TotpSetup = Type.Object(
  {
    secret: Type.String({ description: 'Base32, for typing in by hand' }),
    uri: Type.String({ description: 'otpauth:// URI' }),
    qrSvg: Type.String({ description: 'The URI as a QR code, an SVG document' }),
  },
  strict,
);
export type TotpSetup = Static<typeof TotpSetup>;

export const RecoveryCodes = Type.Object(
  { codes: Type.Array(Type.String(), { description: 'Shown once; each works once' }) },
  strict,
);
export type RecoveryCodes = Static<typeof RecoveryCodes>;

export const ReauthenticateBody = Type.Object(
  {
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
    code: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  strict,
);
export type ReauthenticateBody = Static<typeof ReauthenticateBody>;

/** When the session ends unless the member does something, and when it ends regardless. */
export const SessionStatus = Type.Object({ idleExpiresAt: IsoTime, absoluteExpiresAt: IsoTime }, strict);
export type SessionStatus = Static<typeof SessionStatus>;

export const SessionInfo = Type.Object(
  {
    id: Type.Integer({ minimum: 1 }),
    createdAt: IsoTime,
    lastSeenAt: IsoTime,
    device: Type.Union([Type.String(), Type.Null()], { description: 'Browser and system, e.g. "Firefox · Linux"' }),
    ipPrefix: Type.Union([Type.String(), Type.Null()]),
    current: Type.Boolean(),
  },
  strict,
);
export type SessionInfo = Static<typeof SessionInfo>;

export const SessionList = Type.Object({ items: Type.Array(SessionInfo) }, strict);
export type SessionList = Static<typeof SessionList>;

export const SecurityIdParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,15}$' }) }, strict);

export const RevokedCount = Type.Object({ revoked: Type.Integer({ minimum: 0 }) }, strict);
