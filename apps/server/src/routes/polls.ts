import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { PollParams, PollView, PollVoteBody } from '@rotes-netz/shared';
import { closePoll, viewPoll, votePoll, withdrawVote } from '@rotes-netz/core';

const problem = Type.Ref('Problem');
const secured = { tags: ['polls'], security: [{ session: [] }] };

/** Polls of threads: view, vote, change or withdraw one's vote, close. */
export const pollsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = () => app.ctx.database.db;

  app.get(
    '/polls/:id',
    {
      schema: {
        ...secured,
        summary: 'A poll as the viewer may see it (results per its visibility)',
        params: PollParams,
        response: { 200: PollView, 401: problem, 404: problem },
      },
    },
    async (request) => viewPoll(db(), await app.requireActor(request), Number(request.params.id)),
  );

  app.post(
    '/polls/:id/votes',
    {
      schema: {
        ...secured,
        summary: 'Vote, or change one’s vote while the poll is open (single choice: exactly one option)',
        params: PollParams,
        body: PollVoteBody,
        response: { 200: PollView, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem },
      },
    },
    async (request) =>
      votePoll(db(), await app.requireActor(request), Number(request.params.id), request.body.optionIds),
  );

  app.delete(
    '/polls/:id/votes',
    {
      schema: {
        ...secured,
        summary: 'Withdraw one’s vote while the poll is open',
        params: PollParams,
        response: { 200: PollView, 401: problem, 403: problem, 404: problem, 409: problem },
      },
    },
    async (request) => withdrawVote(db(), await app.requireActor(request), Number(request.params.id)),
  );

  app.post(
    '/polls/:id/close',
    {
      schema: {
        ...secured,
        summary: 'Close the poll now (the thread’s author or a moderator of the room)',
        params: PollParams,
        response: { 200: PollView, 401: problem, 404: problem },
      },
    },
    async (request) => closePoll(db(), await app.requireActor(request), Number(request.params.id)),
  );
};
