/** The events feature's talk with the API: events, registration, questions, calendars, Regionalzentren. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CalendarFeed,
  CreateEventBody,
  CreateSeriesBody,
  Event,
  EventKind,
  EventFilters,
  EventList,
  EventSeries,
  EventSeriesList,
  EventQuestion,
  MeetingDataBody,
  MessageRegistrantsBody,
  ModerateQuestionBody,
  MyRegistration,
  QuestionList,
  Regionalzentrum,
  Registrant,
  RegistrantList,
  TrainingsByCentre,
  UpdateEventBody,
  UpdateSeriesBody,
} from '@rotes-netz/shared';
import { api, API_BASE, query } from '../../api.ts';

export const EVENTS_KEY = ['events'] as const;
const eventKey = (id: number) => ['events', 'one', id] as const;
const questionsKey = (id: number, view: QuestionView) => ['events', 'questions', id, view] as const;
const registrantsKey = (id: number) => ['events', 'registrants', id] as const;
const FEED_KEY = ['events', 'feed'] as const;

export interface EventFilter {
  from?: string;
  to?: string;
  kind?: EventKind | '';
  unitId?: string;
  topic?: string;
}

/** The calendar: every event in the range (all pages, a month holds few), or the upcoming ones page by page. */
export function useEventList(filter: EventFilter) {
  return useInfiniteQuery({
    queryKey: [...EVENTS_KEY, 'list', filter],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api<EventList>(
        `/events${query({
          from: filter.from,
          to: filter.to,
          kind: filter.kind,
          unitId: filter.unitId,
          topic: filter.topic,
          cursor: pageParam,
          limit: 100,
        })}`,
        { signal },
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** What the calendar's filters offer: units and topics of the upcoming events the member may see. */
export function useEventFilters() {
  return useQuery({
    queryKey: [...EVENTS_KEY, 'filters'],
    queryFn: ({ signal }) => api<EventFilters>('/events/filters', { signal }),
  });
}

export function useEvent(id: number) {
  return useQuery({
    queryKey: eventKey(id),
    enabled: Number.isInteger(id) && id > 0,
    queryFn: ({ signal }) => api<Event>(`/events/${id}`, { signal }),
  });
}

export function useMyEvents(when: 'upcoming' | 'past') {
  return useQuery({
    queryKey: [...EVENTS_KEY, 'mine', when],
    queryFn: ({ signal }) => api<EventList>(`/me/events${query({ when })}`, { signal }),
  });
}

/** A mutation on one event that refreshes it and every list afterwards. */
function useEventMutation<I, O>(fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => client.invalidateQueries({ queryKey: EVENTS_KEY }) });
}

export const useCreateEvent = () =>
  useEventMutation(({ unitId, body }: { unitId: number; body: CreateEventBody }) =>
    api<Event>(`/units/${unitId}/events`, { method: 'POST', body }),
  );

export const useUpdateEvent = (id: number) =>
  useEventMutation((body: UpdateEventBody) => api<Event>(`/events/${id}`, { method: 'PATCH', body }));

export const useCancelEvent = (id: number) =>
  useEventMutation((reason: string) =>
    api<Event>(`/events/${id}/cancel`, { method: 'POST', body: reason ? { reason } : {} }),
  );

/** Sets the meeting data; the API answers the whole event with it (`Event`, not `MeetingData`). */
export const useSetMeetingData = () =>
  useEventMutation(({ eventId, body }: { eventId: number; body: MeetingDataBody }) =>
    api<Event>(`/events/${eventId}/meeting-data`, { method: 'PUT', body }),
  );

export const useRegister = (id: number) =>
  useEventMutation(() => api<MyRegistration>(`/events/${id}/registration`, { method: 'POST' }));

export const useCancelRegistration = (id: number) =>
  useEventMutation(() => api<void>(`/events/${id}/registration`, { method: 'DELETE' }));

/** Where the .ics of an event is downloaded (a plain link: the browser saves it). */
export const icsUrl = (id: number) => `${API_BASE}/events/${id}/calendar.ics`;

/** Where the organisers' CSV export of the registrants is downloaded. */
export const registrantsCsvUrl = (id: number) => `${API_BASE}/events/${id}/registrations.csv`;

export function useRegistrants(id: number) {
  return useQuery({
    queryKey: registrantsKey(id),
    queryFn: ({ signal }) => api<RegistrantList>(`/events/${id}/registrations`, { signal }),
  });
}

export function useMarkAttendance(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ memberId, attended }: { memberId: number; attended: boolean | null }) =>
      api<Registrant>(`/events/${id}/registrations/${memberId}/attendance`, { method: 'PUT', body: { attended } }),
    onSuccess: () => client.invalidateQueries({ queryKey: registrantsKey(id) }),
  });
}

export const useMessageRegistrants = (id: number) =>
  useMutation({
    mutationFn: (body: MessageRegistrantsBody) =>
      api<{ recipients: number }>(`/events/${id}/messages`, { method: 'POST', body }),
  });

export type QuestionView = 'member' | 'presenter' | 'moderation';

/** The questions; `refetchInterval` keeps a screen current while the live socket cannot tell it. */
export function useQuestions(id: number, view: QuestionView, refetchInterval: number | false = false) {
  return useQuery({
    queryKey: questionsKey(id, view),
    queryFn: ({ signal }) => api<QuestionList>(`/events/${id}/questions${query({ view })}`, { signal }),
    refetchInterval,
  });
}

/** A mutation on the questions of one event that refreshes every view of them. */
function useQuestionMutation<I, O>(id: number, fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: ['events', 'questions', id] }),
  });
}

export const useAskQuestion = (id: number) =>
  useQuestionMutation(id, (body: string) =>
    api<EventQuestion>(`/events/${id}/questions`, { method: 'POST', body: { body } }),
  );

export const useSupportQuestion = (id: number) =>
  useQuestionMutation(id, ({ questionId, support }: { questionId: number; support: boolean }) =>
    api<void>(`/events/${id}/questions/${questionId}/support`, { method: support ? 'PUT' : 'DELETE' }),
  );

export const useModerateQuestion = (id: number) =>
  useQuestionMutation(id, ({ questionId, body }: { questionId: number; body: ModerateQuestionBody }) =>
    api<EventQuestion>(`/events/${id}/questions/${questionId}`, { method: 'PATCH', body }),
  );

export function useCalendarFeed() {
  return useQuery({ queryKey: FEED_KEY, queryFn: ({ signal }) => api<CalendarFeed>('/me/calendar-feed', { signal }) });
}

export function useCreateCalendarFeed() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (includeMeetingData: boolean) =>
      api<CalendarFeed>('/me/calendar-feed', { method: 'POST', body: { includeMeetingData } }),
    onSuccess: ({ url: _shownOnce, ...feed }) => client.setQueryData(FEED_KEY, feed),
  });
}

export function useRevokeCalendarFeed() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/me/calendar-feed', { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: FEED_KEY }),
  });
}

export function useMyRegionalzentrum() {
  return useQuery({
    queryKey: ['events', 'regionalzentrum'],
    queryFn: ({ signal }) => api<Regionalzentrum>('/me/regionalzentrum', { signal }),
    retry: false,
  });
}

export function useTrainingsByCentre() {
  return useQuery({
    queryKey: ['events', 'trainings'],
    queryFn: ({ signal }) => api<TrainingsByCentre>('/regionalzentren/trainings', { signal }),
  });
}

const seriesKey = (id: number) => ['events', 'series', id] as const;
const unitSeriesKey = (unitId: number) => ['events', 'unit-series', unitId] as const;

/** A series with its events the member may see. */
export function useSeries(id: number) {
  return useQuery({
    queryKey: seriesKey(id),
    enabled: Number.isInteger(id) && id > 0,
    queryFn: ({ signal }) => api<EventSeries>(`/event-series/${id}`, { signal }),
  });
}

/** The series of a unit, for the event form (organisers of the unit). */
export function useUnitSeries(unitId: number) {
  return useQuery({
    queryKey: unitSeriesKey(unitId),
    enabled: Number.isInteger(unitId) && unitId > 0,
    queryFn: ({ signal }) => api<EventSeriesList>(`/units/${unitId}/event-series`, { signal }),
  });
}

export const useCreateSeries = () =>
  useEventMutation(({ unitId, body }: { unitId: number; body: CreateSeriesBody }) =>
    api<EventSeries>(`/units/${unitId}/event-series`, { method: 'POST', body }),
  );

export const useUpdateSeries = (id: number) =>
  useEventMutation((body: UpdateSeriesBody) => api<EventSeries>(`/event-series/${id}`, { method: 'PATCH', body }));
