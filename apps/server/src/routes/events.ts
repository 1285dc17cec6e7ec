import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  AskQuestionBody,
  AttendanceBody,
  CalendarFeed,
  CancelEventBody,
  CreateCalendarFeedBody,
  CreateEventBody,
  CreateSeriesBody,
  Event,
  EventList,
  EventListQuery,
  EventMemberParams,
  EventParams,
  EventQuestion,
  EventFilters,
  EventQuestionParams,
  EventSeries,
  EventSeriesList,
  MeetingData,
  MeetingDataBody,
  MessageRegistrantsBody,
  MessageResult,
  ModerateQuestionBody,
  MyEventsQuery,
  MyRegistration,
  QuestionList,
  QuestionListQuery,
  Regionalzentrum,
  RegistrantList,
  Registrant,
  TrainingsByCentre,
  UnitParams,
  UpdateEventBody,
  UpdateSeriesBody,
} from '@rotes-netz/shared';
import {
  askQuestion,
  cancelEvent,
  cancelRegistration,
  createCalendarFeed,
  createEvent,
  createSeries,
  eventIcs,
  exportRegistrantsCsv,
  getCalendarFeed,
  getEvent,
  getMeetingData,
  getSeries,
  ipPrefix,
  listEventFilters,
  listEvents,
  listMyEvents,
  listQuestions,
  listRegistrants,
  listUnitSeries,
  markAttendance,
  messageRegistrants,
  moderateQuestion,
  myRegionalzentrum,
  registerForEvent,
  revokeCalendarFeed,
  setMeetingData,
  supportQuestion,
  trainingsByCentre,
  updateEvent,
  updateSeries,
} from '@rotes-netz/core';
import { mailSettings } from '../context.ts';
import { exportLimit } from '../plugins/rate-limit.ts';

const problem = Type.Ref('Problem');
const secured = { tags: ['events'], security: [{ session: [] }] };
const read = { 401: problem, 404: problem };
const write = { 401: problem, 403: problem, 404: problem, 409: problem, 422: problem };

/** Routes of the events feature, under /api/v1. */
export const eventsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = () => app.ctx.database.db;
  const settings = () => mailSettings(app.ctx.config);
  const id = (params: { id: string }) => Number(params.id);

  app.get(
    '/events',
    {
      schema: {
        ...secured,
        summary: 'Events the member may see, by start time (upcoming unless `from` is given)',
        querystring: EventListQuery,
        response: { 200: EventList, 401: problem },
      },
    },
    async (request) => listEvents(db(), await app.requireActor(request), request.query),
  );

  app.get(
    '/events/filters',
    {
      schema: {
        ...secured,
        summary: 'What the calendar filters offer: units and topics of the upcoming events the member may see',
        response: { 200: EventFilters, 401: problem },
      },
    },
    async (request) => listEventFilters(db(), await app.requireActor(request)),
  );

  app.get(
    '/me/events',
    {
      schema: {
        ...secured,
        summary: 'My events: those I am registered or waitlisted for',
        querystring: MyEventsQuery,
        response: { 200: EventList, 401: problem },
      },
    },
    async (request) => listMyEvents(db(), await app.requireActor(request), request.query.when ?? 'upcoming'),
  );

  app.post(
    '/units/:id/events',
    {
      schema: {
        ...secured,
        summary: 'Create an event in a unit (its board, chair, rz_staff of a Regionalzentrum, LV admins)',
        params: UnitParams,
        body: CreateEventBody,
        response: { 201: Event, ...write },
      },
    },
    async (request, reply) => {
      const actor = await app.requireActor(request);
      const event = await createEvent(db(), actor, id(request.params), request.body, settings());
      app.ctx.worker?.nudge();
      return reply.status(201).send(event);
    },
  );

  app.get(
    '/events/:id',
    {
      schema: {
        ...secured,
        summary: 'One event; meeting data only for registered members and organisers',
        params: EventParams,
        response: { 200: Event, ...read },
      },
    },
    async (request) => getEvent(db(), await app.requireActor(request), id(request.params), settings()),
  );

  app.patch(
    '/events/:id',
    {
      schema: {
        ...secured,
        summary: 'Change an event (organisers)',
        params: EventParams,
        body: UpdateEventBody,
        response: { 200: Event, ...write },
      },
    },
    async (request) => {
      const event = await updateEvent(
        db(),
        await app.requireActor(request),
        id(request.params),
        request.body,
        settings(),
      );
      app.ctx.worker?.nudge();
      return event;
    },
  );

  app.post(
    '/events/:id/cancel',
    {
      schema: {
        ...secured,
        summary: 'Cancel an event; registrants are told by mail (organisers)',
        params: EventParams,
        body: CancelEventBody,
        response: { 200: Event, ...write },
      },
    },
    async (request) => {
      const actor = await app.requireActor(request);
      const event = await cancelEvent(db(), actor, id(request.params), request.body.reason, settings());
      app.ctx.worker?.nudge();
      return event;
    },
  );

  app.put(
    '/events/:id/meeting-data',
    {
      schema: {
        ...secured,
        summary: 'Set the meeting data; a change mails every registrant again (organisers)',
        params: EventParams,
        body: MeetingDataBody,
        response: { 200: Event, ...write },
      },
    },
    async (request) => {
      const actor = await app.requireActor(request);
      const event = await setMeetingData(db(), actor, id(request.params), request.body, settings());
      app.ctx.worker?.nudge();
      return event;
    },
  );

  app.get(
    '/events/:id/meeting-data',
    {
      schema: {
        ...secured,
        summary: 'The meeting data, for registered members and organisers only (404 for anyone else)',
        params: EventParams,
        response: { 200: MeetingData, ...read },
      },
    },
    async (request) => getMeetingData(db(), await app.requireActor(request), id(request.params)),
  );

  app.post(
    '/events/:id/registration',
    {
      schema: {
        ...secured,
        summary: 'Register for an event (a place, or the waitlist when full)',
        params: EventParams,
        response: { 201: MyRegistration, ...write },
      },
    },
    async (request, reply) => {
      const registration = await registerForEvent(
        db(),
        await app.requireActor(request),
        id(request.params),
        settings(),
      );
      app.ctx.worker?.nudge();
      return reply.status(201).send(registration);
    },
  );

  app.delete(
    '/events/:id/registration',
    {
      schema: {
        ...secured,
        summary: 'Cancel my registration; the waitlist moves up',
        params: EventParams,
        response: { 204: Type.Null(), ...write },
      },
    },
    async (request, reply) => {
      await cancelRegistration(db(), await app.requireActor(request), id(request.params), settings());
      app.ctx.worker?.nudge();
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/events/:id/registrations',
    {
      schema: {
        ...secured,
        summary: 'Registrants and waitlist (organisers)',
        params: EventParams,
        response: { 200: RegistrantList, ...read },
      },
    },
    async (request) => listRegistrants(db(), await app.requireActor(request), id(request.params)),
  );

  app.get(
    '/events/:id/registrations.csv',
    {
      schema: {
        ...secured,
        summary: 'Registrants as CSV; formula-like cells are neutralised (organisers, audited)',
        params: EventParams,
        produces: ['text/csv'],
        response: { 200: Type.String(), ...read, 429: problem },
      },
      config: exportLimit(app),
    },
    async (request, reply) => {
      const actor = await app.requireActor(request);
      const { fileName, csv } = await exportRegistrantsCsv(db(), actor, id(request.params), ipPrefix(request.ip));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .send(csv);
    },
  );

  app.put(
    '/events/:id/registrations/:memberId/attendance',
    {
      schema: {
        ...secured,
        summary: 'Mark whether a registrant attended (organisers)',
        params: EventMemberParams,
        body: AttendanceBody,
        response: { 200: Registrant, ...write },
      },
    },
    async (request) =>
      markAttendance(
        db(),
        await app.requireActor(request),
        id(request.params),
        Number(request.params.memberId),
        request.body.attended,
      ),
  );

  app.post(
    '/events/:id/messages',
    {
      schema: {
        ...secured,
        summary: 'Write to the registrants by mail (organisers)',
        params: EventParams,
        body: MessageRegistrantsBody,
        response: { 202: MessageResult, ...write },
      },
    },
    async (request, reply) => {
      const result = await messageRegistrants(db(), await app.requireActor(request), id(request.params), request.body);
      app.ctx.worker?.nudge();
      return reply.status(202).send(result);
    },
  );

  app.get(
    '/events/:id/calendar.ics',
    {
      schema: {
        ...secured,
        summary: 'The event as iCalendar; meeting data only for a registered viewer',
        params: EventParams,
        produces: ['text/calendar'],
        response: { 200: Type.String(), ...read },
      },
    },
    async (request, reply) => {
      const ics = await eventIcs(db(), await app.requireActor(request), id(request.params), settings());
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="veranstaltung-${request.params.id}.ics"`)
        .send(ics);
    },
  );

  app.get(
    '/events/:id/questions',
    {
      schema: {
        ...secured,
        summary: 'Questions in advance, sorted by support (presenter and moderation views for organisers)',
        params: EventParams,
        querystring: QuestionListQuery,
        response: { 200: QuestionList, ...read },
      },
    },
    async (request) =>
      listQuestions(db(), await app.requireActor(request), id(request.params), request.query.view ?? 'member'),
  );

  app.post(
    '/events/:id/questions',
    {
      schema: {
        ...secured,
        summary: 'Ask a question or make a suggestion (before and during the event)',
        params: EventParams,
        body: AskQuestionBody,
        response: { 201: EventQuestion, ...write },
      },
    },
    async (request, reply) => {
      const question = await askQuestion(db(), await app.requireActor(request), id(request.params), request.body.body);
      return reply.status(201).send(question);
    },
  );

  for (const [method, support] of [
    ['PUT', true],
    ['DELETE', false],
  ] as const) {
    app.route({
      method,
      url: '/events/:id/questions/:questionId/support',
      schema: {
        ...secured,
        summary: support ? 'Support a question (once)' : 'Withdraw my support of a question',
        params: EventQuestionParams,
        response: { 200: EventQuestion, ...write },
      },
      handler: async (request) =>
        supportQuestion(
          db(),
          await app.requireActor(request),
          id(request.params),
          Number(request.params.questionId),
          support,
        ),
    });
  }

  app.patch(
    '/events/:id/questions/:questionId',
    {
      schema: {
        ...secured,
        summary: 'Moderate a question: hide, mark answered, or merge into another (organisers)',
        params: EventQuestionParams,
        body: ModerateQuestionBody,
        response: { 200: EventQuestion, ...write },
      },
    },
    async (request) =>
      moderateQuestion(
        db(),
        await app.requireActor(request),
        id(request.params),
        Number(request.params.questionId),
        request.body,
      ),
  );

  app.post(
    '/units/:id/event-series',
    {
      schema: {
        ...secured,
        summary: 'Create a series of events, e.g. a dialogue tour (organisers of the unit)',
        params: UnitParams,
        body: CreateSeriesBody,
        response: { 201: EventSeries, ...write },
      },
    },
    async (request, reply) => {
      const series = await createSeries(db(), await app.requireActor(request), id(request.params), request.body);
      return reply.status(201).send(series);
    },
  );

  app.get(
    '/units/:id/event-series',
    {
      schema: {
        ...secured,
        summary: 'The series of a unit, for the event form (organisers of the unit; 404 for others)',
        params: UnitParams,
        response: { 200: EventSeriesList, ...read },
      },
    },
    async (request) => listUnitSeries(db(), await app.requireActor(request), id(request.params)),
  );

  app.patch(
    '/event-series/:id',
    {
      schema: {
        ...secured,
        summary: 'Change the title or description of a series (organisers of its unit; 404 for others)',
        params: EventParams,
        body: UpdateSeriesBody,
        response: { 200: EventSeries, ...write },
      },
    },
    async (request) => updateSeries(db(), await app.requireActor(request), id(request.params), request.body),
  );

  app.get(
    '/event-series/:id',
    {
      schema: {
        ...secured,
        summary: 'A series with its events the member may see',
        params: EventParams,
        response: { 200: EventSeries, ...read },
      },
    },
    async (request) => getSeries(db(), await app.requireActor(request), id(request.params)),
  );

  app.get(
    '/me/calendar-feed',
    {
      schema: {
        ...secured,
        summary: 'Whether I have a personal calendar feed (its address is shown only when created)',
        response: { 200: CalendarFeed, 401: problem },
      },
    },
    async (request) => getCalendarFeed(db(), await app.requireActor(request)),
  );

  app.post(
    '/me/calendar-feed',
    {
      schema: {
        ...secured,
        summary: 'Create my calendar feed (revokes an earlier one); answers its secret address once',
        body: CreateCalendarFeedBody,
        response: { 201: CalendarFeed, 401: problem, 422: problem },
      },
    },
    async (request, reply) => {
      const actor = await app.requireActor(request);
      const feed = await createCalendarFeed(db(), actor, request.body.includeMeetingData ?? false, settings());
      return reply.status(201).send(feed);
    },
  );

  app.delete(
    '/me/calendar-feed',
    {
      schema: {
        ...secured,
        summary: 'Revoke my calendar feed',
        response: { 204: Type.Null(), 401: problem },
      },
    },
    async (request, reply) => {
      await revokeCalendarFeed(db(), await app.requireActor(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me/regionalzentrum',
    {
      schema: {
        ...secured,
        summary: 'My Regionalzentrum: address, contact people, upcoming trainings',
        response: { 200: Regionalzentrum, ...read },
      },
    },
    async (request) => myRegionalzentrum(db(), await app.requireActor(request)),
  );

  app.get(
    '/regionalzentren/trainings',
    {
      schema: {
        ...secured,
        summary: 'Upcoming trainings across the Land, by Regionalzentrum',
        response: { 200: TrainingsByCentre, 401: problem },
      },
    },
    async (request) => trainingsByCentre(db(), await app.requireActor(request)),
  );
};
