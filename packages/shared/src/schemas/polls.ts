/** API schemas of polls (Meinungsbilder) carried by threads. */
import Type, { type Static } from 'typebox';
import { Id } from '../schemas.ts';

const strict = { additionalProperties: false } as const;

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
