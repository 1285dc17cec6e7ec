/** Events: trainings, video conferences, registration, meeting data, calendars, questions. */
export * from './events.time.ts';
export * from './events.policy.ts';
export * from './events.repository.ts';
export * from './events.service.ts';
export * from './events.registration.ts';
export * from './events.meeting.ts';
export * from './events.delivery.ts';
export * from './events.mails.ts';
export * from './events.questions.ts';
export * from './events.calendar.ts';
export * from './events.share.ts';
export * from './events.regionalzentren.ts';
export * from './events.live.ts';
export * from './events.series.ts';
export * from './events.filters.ts';
export * from './events.share-image.ts';
