/**
 * Domain errors carry a stable code from the shared catalogue; the server turns them into
 * `application/problem+json` with the German or English text.
 */
import type { ErrorCode } from '@rotes-netz/shared';

export interface FieldError {
  /** JSON pointer to the offending value, e.g. `/email`. */
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** A developer-facing explanation for logs; never shown to users. */
    message: string = code,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** What does not exist and what the actor may not see look the same. */
export class NotFoundError extends DomainError {
  constructor(what = 'resource') {
    super('not_found', `${what} not found`);
  }
}

export class ValidationError extends DomainError {
  constructor(fieldErrors: FieldError[]) {
    super('validation_failed', fieldErrors.map((e) => `${e.path}: ${e.message}`).join('; '), fieldErrors);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor() {
    super('unauthenticated');
  }
}

export class ConflictError extends DomainError {
  constructor(message = 'conflict') {
    super('conflict', message);
  }
}
