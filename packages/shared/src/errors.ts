/**
 * Every error a user can cause has a stable `code`, an HTTP status and a message in German and
 * English. The server maps domain errors to `application/problem+json` with these texts; clients
 * may show `detail` as it is or translate by `code`.
 */
import { ROOMS_ERRORS } from './errors/rooms.ts';
import { LIVE_ERRORS } from './errors/live.ts';
import { ATTACHMENTS_ERRORS } from './errors/attachments.ts';
import { POLLS_ERRORS } from './errors/polls.ts';
import { MODERATION_ERRORS } from './errors/moderation.ts';
import { NOTIFICATIONS_ERRORS } from './errors/notifications.ts';
import { EVENTS_ERRORS } from './errors/events.ts';
import { PROGRAMME_ERRORS } from './errors/programme.ts';

export const ERRORS = {
  validation_failed: {
    status: 422,
    de: 'Die Eingabe ist ungültig.',
    en: 'The input is invalid.',
  },
  malformed_body: {
    status: 400,
    de: 'Der Inhalt der Anfrage konnte nicht gelesen werden.',
    en: 'The request body could not be read.',
  },
  payload_too_large: {
    status: 413,
    de: 'Die Anfrage ist zu groß.',
    en: 'The request is too large.',
  },
  unsupported_media_type: {
    status: 415,
    de: 'Dieses Format wird nicht angenommen.',
    en: 'This content type is not accepted.',
  },
  not_found: {
    status: 404,
    de: 'Nicht gefunden.',
    en: 'Not found.',
  },
  method_not_allowed: {
    status: 405,
    de: 'Diese Methode ist hier nicht erlaubt.',
    en: 'This method is not allowed here.',
  },
  unauthenticated: {
    status: 401,
    de: 'Bitte melde dich an.',
    en: 'Please sign in.',
  },
  invalid_credentials: {
    status: 401,
    de: 'E-Mail-Adresse oder Passwort sind falsch.',
    en: 'Email address or password is wrong.',
  },
  cross_site_request: {
    status: 403,
    de: 'Diese Anfrage kam von einer fremden Seite und wurde abgelehnt.',
    en: 'This request came from another site and was refused.',
  },
  conflict: {
    status: 409,
    de: 'Das wurde inzwischen geändert. Bitte lade neu und versuche es noch einmal.',
    en: 'This has changed in the meantime. Please reload and try again.',
  },
  idempotency_key_reused: {
    status: 422,
    de: 'Dieser Idempotency-Key wurde schon für eine andere Anfrage benutzt.',
    en: 'This Idempotency-Key was already used for a different request.',
  },
  token_invalid: {
    status: 400,
    de: 'Dieser Link ist ungültig, schon benutzt oder abgelaufen.',
    en: 'This link is invalid, already used or expired.',
  },
  birth_date_mismatch: {
    status: 422,
    de: 'Das Geburtsdatum stimmt nicht mit der Mitgliederliste überein. Nach drei falschen Versuchen verfällt die Einladung.',
    en: 'The birth date does not match the membership roster. After three wrong tries the invitation expires.',
  },
  password_rejected: {
    status: 422,
    de: 'Dieses Passwort geht nicht: Es ist zu kurz oder zu bekannt.',
    en: 'This password cannot be used: it is too short or too common.',
  },
  second_factor_required: {
    status: 401,
    de: 'Bitte bestätige die Anmeldung mit deinem zweiten Faktor.',
    en: 'Please confirm the sign-in with your second factor.',
  },
  second_factor_invalid: {
    status: 401,
    de: 'Dieser Code stimmt nicht oder wurde schon benutzt.',
    en: 'This code is wrong or was already used.',
  },
  second_factor_setup_required: {
    status: 403,
    de: 'Für deine Aufgaben brauchst du einen zweiten Faktor. Bitte richte ihn jetzt ein.',
    en: 'Your roles require a second factor. Please set it up now.',
  },
  reauthentication_required: {
    status: 403,
    de: 'Bitte bestätige zuerst noch einmal dein Passwort.',
    en: 'Please confirm your password first.',
  },
  roster_file_invalid: {
    status: 422,
    de: 'Die Mitgliederliste kann nicht gelesen werden.',
    en: 'The member roster cannot be read.',
  },
  roster_preview_outdated: {
    status: 409,
    de: 'Seit dieser Vorschau hat sich etwas geändert. Bitte lade die Liste neu hoch.',
    en: 'Something changed since this preview. Please upload the roster again.',
  },
  roster_mass_departure: {
    status: 422,
    de: 'Damit würden sehr viele Mitglieder als ausgetreten gelten. Gib zur Bestätigung die Zahl der Austritte ein und begründe, warum die Datei vollständig ist.',
    en: 'This would mark a great many members as having left. To confirm, type the number of departures and explain why the file is complete.',
  },
  upload_rejected: {
    status: 422,
    de: 'Diese Datei wird nicht angenommen (Art oder Größe).',
    en: 'This file is not accepted (type or size).',
  },
  rate_limited: {
    status: 429,
    de: 'Zu viele Anfragen. Bitte warte kurz und versuche es dann noch einmal.',
    en: 'Too many requests. Please wait a moment and try again.',
  },
  not_ready: {
    status: 503,
    de: 'Der Dienst ist gerade nicht bereit.',
    en: 'The service is not ready.',
  },
  internal: {
    status: 500,
    de: 'Ein interner Fehler ist aufgetreten. Er wurde protokolliert.',
    en: 'An internal error occurred. It has been logged.',
  },
  ...ROOMS_ERRORS,
  ...LIVE_ERRORS,
  ...ATTACHMENTS_ERRORS,
  ...POLLS_ERRORS,
  ...MODERATION_ERRORS,
  ...NOTIFICATIONS_ERRORS,
  ...EVENTS_ERRORS,
  ...PROGRAMME_ERRORS,
} as const satisfies Record<string, { status: number; de: string; en: string }>;

/** A stable, machine-readable error code. */
export type ErrorCode = keyof typeof ERRORS;

/** The languages the platform speaks; German first. */
export const LOCALES = ['de', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'de';

/** Base of the `type` URI of every problem document. */
export const PROBLEM_TYPE_BASE = 'https://rotes-netz.example/problems/';
