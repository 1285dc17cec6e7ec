/**
 * Descriptions and examples for client generators, kept beside the operation ids so route files
 * need not carry them. Every operation's description is what it does (its summary, or the
 * longer text its route gives) followed by who may call it and what anyone else gets: a rule
 * derived from the path and its security, or the sentence of `WHO` keyed by operationId.
 */
import { PROBLEM_TYPE_BASE } from '@rotes-netz/shared';
import { operationIdOf } from './openapi-operations.ts';

const NO_SESSION = 'Without a session: 401.';
const NOT_FOUND = 'anyone else gets 404, exactly as for one that does not exist';

/** Who may call an operation where the path alone does not say it. */
const WHO: Record<string, string> = {};
const who = (sentence: string, ids: string[]) => ids.forEach((id) => (WHO[id] = sentence));

who('Anyone, signed in or not; it reveals nothing about accounts.', [
  'registerMember',
  'requestPasswordReset',
  'createAuthPasskeyOption',
]);
who('Anyone holding the link from the mail; an unknown, used or expired link gets 400.', [
  'completeRegistration',
  'acceptInvitations',
  'completePasswordReset',
]);
who('Anyone; a wrong or used code gets 401, too many attempts 429.', [
  'signIn',
  'verifyAuthPasskey',
  'totpAuthSecondFactor',
  'recoveryAuthSecondFactor',
  'passkeyAuthSecondFactor',
  'createAuthSecondFactorPasskeyOption',
]);
who('Anyone; without a session it changes nothing.', ['signOut']);
who('Anyone; 404 when this instance has no identity provider configured.', [
  'startPartyAccountSignIn',
  'finishPartyAccountSignIn',
]);
who(NO_SESSION, ['createUnitInvitation']);
who(`The unit's board, a board above it, and Landesverband admins; ${NOT_FOUND}. ${NO_SESSION}`, [
  'listUnitRoles',
  'createUnitRole',
  'deleteUnitRole',
]);
who(`The unit's board and the leading roles above it; ${NOT_FOUND}. ${NO_SESSION}`, ['createUnitRoom']);
who(`Managers of the room (its unit's board and the leading roles above); ${NOT_FOUND}. ${NO_SESSION}`, [
  'updateRoom',
  'deleteRoom',
  'listRoomInvites',
  'createRoomInvite',
  'deleteRoomInvite',
  'listRoomInviteCandidates',
]);
who(`Moderators of the room; ${NOT_FOUND}. ${NO_SESSION}`, [
  'setThreadPin',
  'deleteThreadPin',
  'setThreadLock',
  'deleteThreadLock',
  'setPostHidden',
  'deletePostHidden',
  'listRoomBans',
  'createRoomBan',
  'deleteRoomBan',
  'dismissReport',
  'resolveReport',
]);
who(`Members who moderate at least one room; anyone else gets 404. ${NO_SESSION}`, ['getModerationQueue']);
who(
  `Members who may write in the room; 403 when banned, the thread is locked or the code of conduct is not yet accepted, 404 for those who may not see it. ${NO_SESSION}`,
  ['createRoomThread', 'createThreadPost', 'createRoomAttachment'],
);
who(`The post's author (for deleting, also a moderator of the room); ${NOT_FOUND}. ${NO_SESSION}`, [
  'updatePost',
  'deletePost',
]);
who(
  `Organisers of the event (the unit's board and chair, Regionalzentrum staff, Landesverband admins); ${NOT_FOUND}. ${NO_SESSION}`,
  [
    'updateEvent',
    'cancelEvent',
    'setEventMeetingData',
    'listEventRegistrations',
    'getEventRegistrationsCsv',
    'setEventRegistrationAttendance',
    'createEventMessage',
    'updateEventQuestion',
    'createUnitEvent',
    'createUnitEventSeries',
    'listUnitEventSeries',
    'updateEventSeries',
  ],
);
who(`Registered members and organisers of the event; ${NOT_FOUND}. ${NO_SESSION}`, ['getEventMeetingData']);
who(`Landesverband admins; ${NOT_FOUND}. ${NO_SESSION}`, ['createProgrammeProcess', 'updateProgrammeProcess']);
who(
  `The programme commission; 403 for other members who may see the process, 404 for those who may not. ${NO_SESSION}`,
  [
    'statusProgrammeProcessIdeas',
    'setProgrammeIdeaAnswer',
    'createProgrammeProcessDraft',
    'mergeProgrammeProcessDrafts',
    'setProgrammeAmendmentProcedure',
    'getProgrammeProcessIdeasCsv',
    'getProgrammeProcessAmendmentsCsv',
    'getProgrammeProcessAmendmentBookPdf',
  ],
);
who(
  `Any signed-in member whose password or factor was confirmed in the last ten minutes where the change needs it (403 otherwise). ${NO_SESSION}`,
  [
    'totpMeSecurity',
    'deleteMeSecurityTotp',
    'confirmMeSecurityTotp',
    'createMeSecurityRecoveryCode',
    'createMeSecurityPasskeysOption',
    'createMeSecurityPasskey',
    'deleteMeSecurityPasskey',
  ],
);
who(`The member the link was made for, once; 404 for any other, used or expired link. ${NO_SESSION}`, [
  'getMeDataExport',
]);
who(
  `Signed-in members the owner opened the photo to; everyone else gets 404, as for a member without a photo. ${NO_SESSION}`,
  ['getMemberPhoto'],
);
who('Anyone holding the secret address; 404 for an unknown or revoked one.', ['getCalendar']);
who('Anyone, for public events; 404 for every other event, as for one that does not exist.', [
  'getShareEvent',
  'getShareEventImagePng',
]);
who('Anyone; it answers whether a session exists, never 401.', ['getSession']);

/** The rule when `WHO` has no sentence for an operation. */
function derivedWho(method: string, path: string, operation: Operation): string {
  if (!operation.security) return 'Anyone, signed in or not.';
  if (path.startsWith('/api/v1/admin/')) return `Landesverband admins; ${NOT_FOUND}. ${NO_SESSION}`;
  if (path.startsWith('/api/v1/me/') || path === '/api/v1/me' || path.startsWith('/api/v1/drafts/'))
    return `The signed-in member, about themselves only. ${NO_SESSION}`;
  if (path.includes('{') && operation.responses?.['404'])
    return `Signed-in members who may see it; ${NOT_FOUND}. ${NO_SESSION}`;
  return method === 'get'
    ? `Any signed-in member; the answer holds only what they may see. ${NO_SESSION}`
    : `Any signed-in member. ${NO_SESSION}`;
}

interface Operation {
  summary?: string;
  description?: string;
  security?: unknown;
  responses?: Record<string, unknown>;
  operationId?: string;
}

const sentence = (text: string) => (/[.!?]\)?$/.test(text) ? text : `${text}.`);

/** Gives every operation a description: what it does, who may call it, what anyone else gets. */
export function withDescriptions<T extends { paths?: object | undefined }>(document: T): T {
  for (const [path, item] of Object.entries((document.paths ?? {}) as Record<string, Record<string, Operation>>)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const id = operation.operationId ?? operationIdOf(method, path);
      const what = sentence(operation.description ?? operation.summary ?? id);
      operation.description = `${what} ${WHO[id] ?? derivedWho(method, path, operation)}`;
    }
  }
  return document;
}

/** Operation ids that `WHO` names, for the test that no sentence is left over. */
export const describedOperationIds = () => Object.keys(WHO);

const at = '2026-05-04T18:30:00.000Z';
const erika = { memberId: 4711, displayName: 'Erika Mustermann' };

/** Examples of the main schemas, each valid against its schema (Spectral checks them). */
export const SCHEMA_EXAMPLES: Record<string, unknown> = {
  Problem: {
    type: `${PROBLEM_TYPE_BASE}not_found`,
    title: 'Nicht gefunden.',
    status: 404,
    code: 'not_found',
  },
  Me: {
    id: 4711,
    email: 'erika.mustermann@example.org',
    displayName: 'Erika Mustermann',
    locale: 'de',
    memberNumber: '1234567',
    memberships: [
      {
        unit: {
          id: 12,
          type: 'ortsverein',
          name: 'OV Heidelberg-Altstadt',
          code: 'OV-HD-ALT',
          parentId: 3,
          depth: 3,
          childCount: 0,
        },
        roles: ['board'],
      },
    ],
    abilities: { readSentMail: false, administerUnits: false },
  },
  RoomSummary: {
    id: 31,
    unitId: 12,
    kind: 'general',
    name: 'Allgemein',
    description: 'Alles rund um den Ortsverein',
    audience: 'unit',
    unreadThreads: 2,
    unreadPosts: 5,
    muted: false,
    left: false,
    optional: false,
    lastActivityAt: at,
  },
  ThreadSummary: {
    id: 208,
    title: 'Plakatieren zur Kommunalwahl',
    author: erika,
    createdAt: at,
    lastPostAt: at,
    postCount: 7,
    unreadCount: 2,
    newSinceLastVisit: true,
    pinned: false,
    locked: false,
    hasPoll: false,
  },
  Post: {
    id: 5120,
    threadId: 208,
    roomId: 31,
    author: erika,
    parentId: null,
    quote: null,
    body: 'Wer hat am **Samstag** Zeit?',
    bodyHtml: '<p>Wer hat am <strong>Samstag</strong> Zeit?</p>',
    createdAt: at,
    editedAt: null,
    editCount: 0,
    deleted: false,
    hidden: null,
    reactions: [{ emoji: '👍', count: 3, mine: true }],
    attachments: [],
    permissions: { edit: true, delete: true, moderate: false },
  },
  EventSummary: {
    id: 77,
    kind: 'in_person',
    title: 'Mitgliederversammlung',
    topic: 'Kommunalwahl',
    unit: { id: 12, name: 'OV Heidelberg-Altstadt', type: 'ortsverein' },
    series: null,
    startsAt: at,
    endsAt: '2026-05-04T20:30:00.000Z',
    startsAtLocal: '2026-05-04T20:30',
    endsAtLocal: '2026-05-04T22:30',
    online: false,
    location: 'Bürgerhaus, Hauptstraße 1, Heidelberg',
    status: 'scheduled',
    counts: { registered: 18, waitlisted: 0, capacity: 40, spotsLeft: 22 },
    myRegistration: { status: 'registered', position: null, registeredAt: at },
  },
  Idea: {
    id: 901,
    processId: 2,
    chapter: { id: 14, title: 'Bezahlbares Wohnen' },
    title: 'Mehr sozialer Wohnungsbau',
    body: 'Das Land soll jährlich 10.000 Sozialwohnungen fördern.',
    bodyHtml: '<p>Das Land soll jährlich 10.000 Sozialwohnungen fördern.</p>',
    author: erika,
    unit: { id: 12, name: 'OV Heidelberg-Altstadt' },
    status: 'submitted',
    answer: null,
    attachments: [],
    supportCount: 12,
    supported: false,
    commentCount: 3,
    threadId: 640,
    createdAt: at,
    version: 1,
    permissions: { support: true, answer: false },
  },
};

/**
 * Puts the examples on the component schemas of the document, as `example`: deprecated in
 * OpenAPI 3.1 in favour of `examples`, but the one Spectral's oas3-valid-schema-example checks
 * against the schema, and the one Swagger UI shows.
 */
export function withExamples<T extends { components?: object | undefined }>(document: T): T {
  const schemas = (document.components as { schemas?: Record<string, { example?: unknown }> } | undefined)?.schemas;
  for (const [name, example] of Object.entries(SCHEMA_EXAMPLES)) {
    const schema = schemas?.[name];
    if (schema) schema.example = example;
  }
  return document;
}
