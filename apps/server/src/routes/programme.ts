import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  AmendmentBody,
  Amendment,
  AmendmentList,
  AmendmentListQuery,
  AnswerBody,
  BulkStatusBody,
  CreateProcessBody,
  DraftVersionParams,
  Idea,
  IdeaBody,
  IdeaList,
  IdeaListQuery,
  MergeBody,
  MergeResult,
  ProcedureBody,
  Process,
  ProcessList,
  ProgrammeDraft,
  ProgrammeDraftList,
  ProgrammeDraftSummary,
  ProgrammeParams,
  ProgrammeStats,
  PublishDraftBody,
  UpdateProcessBody,
} from '@rotes-netz/shared';
import { programme } from '@rotes-netz/core';
import { exportLimit } from '../plugins/rate-limit.ts';

const problem = Type.Ref('Problem');
const secured = { tags: ['programme'], security: [{ session: [] }] };
const read = { 401: problem, 404: problem, 422: problem };
const write = { 401: problem, 403: problem, 404: problem, 409: problem, 422: problem };

/**
 * The programme process: processes, ideas, the commission's answers, drafts with line numbers,
 * amendments, and the exports. Everyone signed in reads; what members may write follows the phase.
 */
export const programmeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = () => app.ctx.database.db;
  const id = (params: { id: string }) => Number(params.id);

  app.get(
    '/programme/processes',
    {
      schema: {
        ...secured,
        summary: 'Every programme process with its phase',
        response: { ...read, 200: ProcessList },
      },
    },
    async (request) => {
      await app.requireActor(request);
      return programme.listProcesses(db());
    },
  );

  app.post(
    '/programme/processes',
    {
      schema: {
        ...secured,
        summary: 'Set up a process with chapters and phases (LV admins)',
        body: CreateProcessBody,
        response: { 201: Process, ...write },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await programme.createProcess(db(), await app.requireActor(request), request.body)),
  );

  app.get(
    '/programme/processes/:id',
    {
      schema: {
        ...secured,
        summary: 'A process with its phase, chapters, counts per status and the current draft',
        params: ProgrammeParams,
        response: { ...read, 200: Process },
      },
    },
    async (request) => programme.getProcess(db(), await app.requireActor(request), id(request.params)),
  );

  app.patch(
    '/programme/processes/:id',
    {
      schema: {
        ...secured,
        summary: 'Change title, description, phases or the support threshold (LV admins)',
        params: ProgrammeParams,
        body: UpdateProcessBody,
        response: { 200: Process, ...write },
      },
    },
    async (request) => programme.updateProcess(db(), await app.requireActor(request), id(request.params), request.body),
  );

  app.get(
    '/programme/processes/:id/stats',
    {
      schema: {
        ...secured,
        summary: 'Ideas per status and chapter',
        params: ProgrammeParams,
        response: { ...read, 200: ProgrammeStats },
      },
    },
    async (request) => {
      await app.requireActor(request);
      return programme.processStats(db(), id(request.params));
    },
  );

  app.get(
    '/programme/processes/:id/ideas',
    {
      schema: {
        ...secured,
        summary: 'Ideas with filters (chapter, status, mine, my unit) and sorting (newest, support, discussed)',
        params: ProgrammeParams,
        querystring: IdeaListQuery,
        response: { ...read, 200: IdeaList },
      },
    },
    async (request) => programme.listIdeas(db(), await app.requireActor(request), id(request.params), request.query),
  );

  app.post(
    '/programme/processes/:id/ideas',
    {
      schema: {
        ...secured,
        summary: 'Submit an idea to a chapter (while ideas are collected); its discussion thread opens with it',
        params: ProgrammeParams,
        body: IdeaBody,
        response: { 201: Idea, ...write },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await programme.submitIdea(db(), await app.requireActor(request), id(request.params), request.body)),
  );

  app.post(
    '/programme/processes/:id/ideas/status',
    {
      schema: {
        ...secured,
        summary: 'Set one status on many ideas (commission; all or nothing, with version checks)',
        params: ProgrammeParams,
        body: BulkStatusBody,
        response: { 200: IdeaList, ...write },
      },
    },
    async (request) =>
      programme.setIdeaStatuses(db(), await app.requireActor(request), id(request.params), request.body),
  );

  app.get(
    '/programme/ideas/:id',
    { schema: { ...secured, summary: 'One idea', params: ProgrammeParams, response: { ...read, 200: Idea } } },
    async (request) => programme.getIdea(db(), await app.requireActor(request), id(request.params)),
  );

  for (const [method, support] of [
    ['PUT', true],
    ['DELETE', false],
  ] as const) {
    app.route({
      method,
      url: '/programme/ideas/:id/support',
      schema: {
        ...secured,
        summary: support ? 'Support an idea (once; again changes nothing)' : 'Withdraw the support',
        params: ProgrammeParams,
        response: { 200: Idea, ...write },
      },
      handler: async (request) =>
        programme.setIdeaSupport(db(), await app.requireActor(request), id(request.params), support),
    });
  }

  app.put(
    '/programme/ideas/:id/answer',
    {
      schema: {
        ...secured,
        summary: "The commission's status and answer (409 when someone answered meanwhile)",
        params: ProgrammeParams,
        body: AnswerBody,
        response: { 200: Idea, ...write },
      },
    },
    async (request) => programme.answerIdea(db(), await app.requireActor(request), id(request.params), request.body),
  );

  app.get(
    '/programme/processes/:id/drafts',
    {
      schema: {
        ...secured,
        summary: 'The published draft versions',
        params: ProgrammeParams,
        response: { ...read, 200: ProgrammeDraftList },
      },
    },
    async (request) => {
      await app.requireActor(request);
      return programme.listDrafts(db(), id(request.params));
    },
  );

  app.post(
    '/programme/processes/:id/drafts',
    {
      schema: {
        ...secured,
        summary: 'Publish a draft version (commission)',
        params: ProgrammeParams,
        body: PublishDraftBody,
        response: { 201: ProgrammeDraftSummary, ...write },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await programme.publishDraft(db(), await app.requireActor(request), id(request.params), request.body)),
  );

  app.get(
    '/programme/processes/:id/drafts/:version',
    {
      schema: {
        ...secured,
        summary: 'A draft version with its numbered lines',
        params: DraftVersionParams,
        response: { ...read, 200: ProgrammeDraft },
      },
    },
    async (request) => {
      await app.requireActor(request);
      return programme.getDraft(db(), id(request.params), Number(request.params.version));
    },
  );

  app.post(
    '/programme/processes/:id/drafts/merge',
    {
      schema: {
        ...secured,
        summary: 'Merge the accepted amendments into a new version; overlapping ones are left out and reported',
        params: ProgrammeParams,
        body: MergeBody,
        response: { 200: MergeResult, ...write },
      },
    },
    async (request) =>
      programme.mergeAmendments(db(), await app.requireActor(request), id(request.params), request.body.note),
  );

  app.get(
    '/programme/processes/:id/amendments',
    {
      schema: {
        ...secured,
        summary: 'Amendments in line order, with diffs and overlaps',
        params: ProgrammeParams,
        querystring: AmendmentListQuery,
        response: { ...read, 200: AmendmentList },
      },
    },
    async (request) =>
      programme.listAmendments(db(), await app.requireActor(request), id(request.params), request.query),
  );

  app.post(
    '/programme/processes/:id/amendments',
    {
      schema: {
        ...secured,
        summary: 'File an amendment to lines of the current draft (while amendments are open)',
        params: ProgrammeParams,
        body: AmendmentBody,
        response: { 201: Amendment, ...write },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await programme.fileAmendment(db(), await app.requireActor(request), id(request.params), request.body)),
  );

  app.get(
    '/programme/amendments/:id',
    {
      schema: { ...secured, summary: 'One amendment', params: ProgrammeParams, response: { ...read, 200: Amendment } },
    },
    async (request) => programme.getAmendment(db(), await app.requireActor(request), id(request.params)),
  );

  for (const [method, support] of [
    ['PUT', true],
    ['DELETE', false],
  ] as const) {
    app.route({
      method,
      url: '/programme/amendments/:id/support',
      schema: {
        ...secured,
        summary: support ? 'Support an amendment (once; again changes nothing)' : 'Withdraw the support',
        params: ProgrammeParams,
        response: { 200: Amendment, ...write },
      },
      handler: async (request) =>
        programme.setAmendmentSupport(db(), await app.requireActor(request), id(request.params), support),
    });
  }

  app.put(
    '/programme/amendments/:id/procedure',
    {
      schema: {
        ...secured,
        summary: "The commission's procedure (409 when someone decided meanwhile)",
        params: ProgrammeParams,
        body: ProcedureBody,
        response: { 200: Amendment, ...write },
      },
    },
    async (request) =>
      programme.decideAmendment(db(), await app.requireActor(request), id(request.params), request.body),
  );

  const exports = [
    ['ideas.csv', 'Every idea with its answer as CSV (commission)', 'text/csv', programme.exportIdeasCsv],
    [
      'amendments.csv',
      'Every amendment with its procedure as CSV (commission)',
      'text/csv',
      programme.exportAmendmentsCsv,
    ],
    ['amendment-book.pdf', 'The amendment book as PDF (commission)', 'application/pdf', programme.amendmentBook],
  ] as const;
  for (const [file, summary, type, make] of exports) {
    app.get(
      `/programme/processes/:id/${file}`,
      {
        schema: {
          ...secured,
          summary,
          produces: [type],
          params: ProgrammeParams,
          response: { 200: Type.String(), 401: problem, 403: problem, 404: problem, 429: problem },
        },
        config: exportLimit(app),
      },
      async (request, reply) => {
        const body = await make(db(), await app.requireActor(request), id(request.params));
        return reply
          .type(type === 'text/csv' ? 'text/csv; charset=utf-8' : type)
          .header('content-disposition', `attachment; filename="${file}"`)
          .send(body);
      },
    );
  }
};
