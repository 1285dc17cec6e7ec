/**
 * The one way the web app talks to the API: same-origin JSON with the session cookie and the
 * chosen language. Every non-2xx answer becomes an `ApiError` carrying the problem document.
 */
import type { Problem } from '@rotes-netz/shared';
import i18n from './i18n/index.ts';
import type { paths } from './api-schema.gen.ts';

export const API_BASE = '/api/v1';

/**
 * A documented path with its parameters filled by any string (ids come as numbers and as route
 * strings), so a wrong fixed segment fails the check, though not text added after a parameter.
 */
type Filled<P extends string> = P extends `${infer Head}{${string}}${infer Tail}`
  ? `${Head}${string}${Filled<Tail>}`
  : P;
/**
 * A path under /api/v1 that the OpenAPI document lists (the generated `api-schema.gen.ts`), with
 * or without a query: a call to a path the server does not serve fails the type check.
 */
export type ApiPath = {
  [P in keyof paths & string]: P extends `${typeof API_BASE}${infer Rest}` ? Filled<Rest> : never;
}[keyof paths & string];

/** An error answered by the API as application/problem+json (or made up when it was not). */
export class ApiError extends Error {
  readonly problem: Problem;
  /** Seconds to wait before retrying, from the Retry-After header of a 429. */
  readonly retryAfter: number | null;

  constructor(problem: Problem, retryAfter: number | null = null) {
    super(problem.title);
    this.name = 'ApiError';
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  get status(): number {
    return this.problem.status;
  }

  get code(): string {
    return this.problem.code;
  }
}

/** Whether `error` is an API error with the given status. */
export function isStatus(error: unknown, status: number): error is ApiError {
  return error instanceof ApiError && error.status === status;
}

function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.title === 'string' && typeof v.code === 'string' && typeof v.status === 'number';
}

async function toError(res: Response): Promise<ApiError> {
  const retryHeader = res.headers.get('Retry-After');
  const retryAfter = retryHeader !== null && /^\d+$/.test(retryHeader) ? Number(retryHeader) : null;
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // Not JSON (a proxy's error page, say): fall through to a generic problem.
  }
  if (isProblem(body)) return new ApiError(body, retryAfter);
  return new ApiError(
    {
      type: 'about:blank',
      title: i18n.t('errors.http', { status: res.status }),
      status: res.status,
      code: res.status >= 500 ? 'internal' : 'unknown',
    },
    retryAfter,
  );
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is (a file): the server decides by content what it is. */
  upload?: { data: Blob; contentType: string; headers?: Record<string, string> };
  signal?: AbortSignal;
}

/** Calls `path` under /api/v1 and returns the parsed JSON (or undefined for 204). */
export async function api<T>(path: ApiPath | `${ApiPath}?${string}`, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': i18n.resolvedLanguage ?? i18n.language,
  };
  const init: RequestInit = {
    method: options.method ?? 'GET',
    credentials: 'same-origin',
    headers,
    signal: options.signal ?? null,
  };
  if (options.upload) {
    Object.assign(headers, options.upload.headers, { 'Content-Type': options.upload.contentType });
    init.body = options.upload.data;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  let res: Response;
  try {
    res = await fetch(`${API_BASE}${path}`, init);
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ type: 'about:blank', title: i18n.t('errors.network'), status: 0, code: 'network' });
  }
  if (!res.ok) throw await toError(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

/** Builds a query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | undefined | null>): '' | `?${string}` {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const s = search.toString();
  return s === '' ? '' : `?${s}`;
}
