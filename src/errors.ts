/** Stable error codes, one table, each with its HTTP status. Clients rely on the codes, not the messages. */
export const errorStatus = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  INVALID_MFA_CODE: 401,
  MFA_REQUIRED: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  MFA_ENROLMENT_REQUIRED: 403,
  LEGAL_BASIS_MISSING: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  MFA_MANDATORY: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export const notFound = (what = 'Record'): AppError => new AppError('NOT_FOUND', `${what} not found`);
