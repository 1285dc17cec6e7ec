/**
 * What a log line may hold. Cookies, authorization headers, passwords and tokens in logged objects
 * are censored by path; secrets that travel in the URL — the calendar feed's and the data export's
 * token in the path, a link's `?token=` or `?code=` in the query — are cut out of every logged
 * request URL by the request serializer, so an operator reading the JSON log learns no secret.
 */
import type { LoggerOptions } from 'pino';

/** Fields that never reach a log line. */
export const REDACT = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
];

const CENSOR = '[redacted]';

/** Paths whose last segment is a secret (a bearer token in the URL). */
const SECRET_PATHS = [/^(\/calendar\/)[^/?#]+?(\.ics)?$/, /^(\/api\/v1\/me\/data-export\/)[^/?#]+()$/];

/** Query parameters that carry secrets: tokens, codes, keys, passwords, signatures. */
const SECRET_PARAM = /token|code|secret|key|password|signature|sig$/i;

/** A request URL with every secret in its path or query string replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  let redacted = path;
  for (const pattern of SECRET_PATHS) redacted = redacted.replace(pattern, `$1${CENSOR}$2`);
  if (queryAt === -1) return redacted;
  const query = url
    .slice(queryAt + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals === -1 ? pair : pair.slice(0, equals);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // An undecodable name is logged as sent; only its value could be a secret.
      }
      return equals !== -1 && SECRET_PARAM.test(decoded) ? `${name}=${CENSOR}` : pair;
    })
    .join('&');
  return `${redacted}?${query}`;
}

interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number } | null;
}

/** Fastify's request serializer with the URL's secrets redacted (other objects pass unchanged). */
function requestSerializer(request: LoggedRequest) {
  if (typeof request.url !== 'string') return request;
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** The pino options of every logger of the process (the app's, the worker's, the CLI's). */
export function loggerOptions(level: string): LoggerOptions {
  return { level, redact: { paths: REDACT, censor: CENSOR }, serializers: { req: requestSerializer } };
}
