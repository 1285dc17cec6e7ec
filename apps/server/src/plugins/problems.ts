/**
 * Every error becomes `application/problem+json` (RFC 9457) with a stable `code` and a title in
 * the request's language. Validation errors list each offending field. Unexpected errors are
 * logged and answered with a generic 500 that reveals nothing.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ERRORS, PROBLEM_TYPE_BASE, STORABLE_TEXT, type ErrorCode, type Locale } from '@rotes-netz/shared';
import { DomainError, type FieldError } from '@rotes-netz/core';

/** The request's language from `Accept-Language`: German unless English is preferred. */
export function requestLocale(request: FastifyRequest): Locale {
  const header = request.headers['accept-language'];
  if (!header) return 'de';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { lang: tag.trim().slice(0, 2).toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .filter((l) => l.lang === 'de' || l.lang === 'en')
    .sort((a, b) => b.q - a.q);
  return (ranked[0]?.lang as Locale | undefined) ?? 'de';
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  fieldErrors: FieldError[] = [],
): FastifyReply {
  const entry = ERRORS[code];
  const locale = requestLocale(request);
  return reply
    .status(entry.status)
    .type('application/problem+json; charset=utf-8')
    .header('content-language', locale)
    .send({
      type: `${PROBLEM_TYPE_BASE}${code}`,
      title: entry[locale],
      status: entry.status,
      code,
      instance: request.url.split('?')[0],
      ...(fieldErrors.length > 0 ? { errors: fieldErrors } : {}),
    });
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed_body',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_body',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_body',
};

function classify(error: FastifyError): { code: ErrorCode; fields: FieldError[] } | undefined {
  if (error instanceof DomainError) return { code: error.code, fields: error.fieldErrors };
  if (error.validation) {
    const part = error.validationContext ?? 'body';
    return {
      code: 'validation_failed',
      fields: error.validation.map((v) => {
        const params = v.params as Record<string, unknown>;
        const extra = (params?.additionalProperty ?? params?.missingProperty) as string | undefined;
        const path = `${v.instancePath}${extra ? `/${extra}` : ''}`;
        const unstorable = v.keyword === 'pattern' && params?.pattern === STORABLE_TEXT;
        return {
          path: `/${part}${path}`,
          message: unstorable ? 'must not contain NUL or unpaired surrogate characters' : (v.message ?? 'invalid'),
        };
      }),
    };
  }
  if (error.code && FASTIFY_CODES[error.code]) return { code: FASTIFY_CODES[error.code]!, fields: [] };
  if (error instanceof SyntaxError) return { code: 'malformed_body', fields: [] };
  if (error.statusCode === 429) return { code: 'rate_limited', fields: [] };
  if (error.statusCode === 413) return { code: 'payload_too_large', fields: [] };
  if (error.statusCode === 415) return { code: 'unsupported_media_type', fields: [] };
  // What may not be seen looks exactly like what does not exist.
  if (error.statusCode === 404 || error.statusCode === 403) return { code: 'not_found', fields: [] };
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
    return { code: 'malformed_body', fields: [] };
  return undefined;
}

export const problems = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const known = classify(error);
      if (!known) {
        request.log.error({ err: error }, 'unhandled error');
        return sendProblem(request, reply, 'internal');
      }
      if (known.code === 'internal') request.log.error({ err: error }, 'internal domain error');
      return sendProblem(request, reply, known.code, known.fields);
    });
  },
  { name: 'problems' },
);
