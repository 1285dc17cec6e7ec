/**
 * API schemas of polls (Meinungsbilder) carried by threads. A poll is created with its thread
 * (`poll` in the body of `POST /rooms/:id/threads`) and then voted on at `/polls/:id/votes`.
 *
 * Results: `after_vote` shows the counts to those who voted and to everyone once the poll is
 * closed; `after_close` only once it is closed. Closed means closed by the thread's author or a
 * moderator, or `closesAt` passed. Secret polls never reveal who voted for what, to anyone;
 * in open polls moderators see the voters per option (alongside the counts).
 */
import Type, { type Static } from 'typebox';
import { Id } from '../schemas.ts';

const strict = { additionalProperties: false } as const;

/** The poll of a new thread. Options must differ; `closesAt`, when given, lies in the future. */
export const PollInput = Type.Object(
  {
    question: Type.String({ minLength: 1, maxLength: 300 }),
    options: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 2, maxItems: 20 }),
    multiple: Type.Boolean({ default: false }),
    /** Secret: nobody, not even moderators, sees who voted for what. */
    secret: Type.Boolean({ default: false }),
    resultsVisibility: Type.Union([Type.Literal('after_vote'), Type.Literal('after_close')], { default: 'after_vote' }),
    closesAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
  },
  strict,
);
export type PollInput = Static<typeof PollInput>;

export const PollView = Type.Object(
  {
    id: Id,
    question: Type.String(),
    multiple: Type.Boolean(),
    secret: Type.Boolean(),
    resultsVisibility: Type.Union([Type.Literal('after_vote'), Type.Literal('after_close')]),
    closesAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    closed: Type.Boolean(),
    /** The option ids the viewer voted for (empty: not voted). */
    myVote: Type.Array(Id),
    /** Null while results are not yet visible to the viewer. */
    totalVoters: Type.Union([Type.Integer(), Type.Null()]),
    options: Type.Array(
      Type.Object(
        {
          id: Id,
          label: Type.String(),
          /** Null while results are not yet visible to the viewer. */
          votes: Type.Union([Type.Integer(), Type.Null()]),
          /** Open polls, for moderators only: who chose this option. */
          voters: Type.Optional(Type.Array(Type.Object({ memberId: Id, displayName: Type.String() }, strict))),
        },
        strict,
      ),
    ),
  },
  { ...strict, $id: 'PollView' },
);
export type PollView = Static<typeof PollView>;

export const PollParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,15}$' }) }, strict);

/** A vote: exactly one option id for single choice, at least one for multiple choice. */
export const PollVoteBody = Type.Object(
  { optionIds: Type.Array(Id, { minItems: 1, maxItems: 20, uniqueItems: true }) },
  strict,
);
export type PollVoteBody = Static<typeof PollVoteBody>;
