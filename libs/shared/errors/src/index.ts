/**
 * Errors that cross a boundary carry a stable `code` (for machines), a message (for people), a `kind`
 * that the edge maps once (to an HTTP status in the gateway, to ack / retry / dead-letter in a consumer),
 * optional `details` (for example the fields that were wrong) and the original `cause`.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'too-large'
  | 'rate-limited'
  | 'unavailable'
  | 'internal';

export type ErrorDetail = { field?: string; line?: number; message: string };

export class AppError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly details: ErrorDetail[];

  constructor(kind: ErrorKind, code: string, message: string, options: { cause?: unknown; details?: ErrorDetail[] } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.kind = kind;
    this.code = code;
    this.details = options.details ?? [];
  }
}

export const httpStatusOfKind: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  'rate-limited': 429,
  unavailable: 503,
  internal: 500,
};

/** The error body of the gateway API conventions: never a stack trace. */
export type ErrorBody = { code: string; message: string; details: ErrorDetail[] };

export function toErrorBody(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof AppError) {
    return { status: httpStatusOfKind[error.kind], body: { code: error.code, message: error.message, details: error.details } };
  }
  return { status: 500, body: { code: 'INTERNAL', message: 'An unexpected error occurred; it has been logged.', details: [] } };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.cause ? `${error.message} (cause: ${describeError(error.cause)})` : error.message;
  return String(error);
}
