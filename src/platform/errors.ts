import { scrubCardNumbers } from '../domain/payments/card-number.js';

/**
 * Every refusal the API makes has a code. Codes map to an HTTP status and a problem type URI
 * (RFC 9457). Add a code here before throwing it; the table is the documentation.
 */
export const errorCodes = {
  validation_failed: { status: 400, title: 'Your request is not valid' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  invalid_credentials: { status: 401, title: 'Invalid credentials' },
  forbidden: { status: 403, title: 'Not allowed for your role' },
  csrf_failed: { status: 403, title: 'CSRF token missing or wrong' },
  not_found: { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict with the current state' },
  insufficient_stock: { status: 409, title: 'Insufficient stock' },
  illegal_transition: { status: 409, title: 'Illegal status transition' },
  order_on_hold: { status: 409, title: 'The order is on hold' },
  idempotency_conflict: { status: 409, title: 'Idempotency key reused with a different request' },
  duplicate: { status: 409, title: 'Already exists' },
  payment_limit_exceeded: { status: 409, title: 'Amount exceeds what the payment allows' },
  payment_declined: { status: 422, title: 'The payment was declined' },
  order_not_editable: { status: 409, title: 'The order can no longer be edited' },
  version_conflict: { status: 409, title: 'The order changed since the version you edited' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  business_rule: { status: 422, title: 'Refused by a business rule' },
  card_data_rejected: { status: 422, title: 'Card data is not accepted; send a gateway token' },
  rate_limited: { status: 429, title: 'Too many requests' },
  account_locked: { status: 429, title: 'Account temporarily locked' },
  carrier_error: { status: 502, title: 'The carrier API refused or did not answer' },
  internal: { status: 500, title: 'Internal server error' },
  unavailable: { status: 503, title: 'Service unavailable' },
} as const;

export type ErrorCode = keyof typeof errorCodes;

export interface FieldError {
  /** JSON-pointer-like dotted path of the offending field, e.g. `lines.0.quantity`. */
  path: string;
  message: string;
}

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { errors?: FieldError[]; [k: string]: unknown } = {},
  ) {
    super(message);
  }
  get status(): number {
    return errorCodes[this.code].status;
  }
}

export const notFound = (what: string, id: string) => new AppError('not_found', `${what} ${id} does not exist`);

export const validation = (errors: FieldError[], detail = 'One or more fields are invalid') =>
  new AppError('validation_failed', detail, { errors });

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  [k: string]: unknown;
}

export const problemTypeBase = 'https://ordo.dev/problems/';

export function toProblem(err: AppError, instance?: string, requestId?: string): Problem {
  const def = errorCodes[err.code];
  const problem = {
    type: `${problemTypeBase}${err.code.replaceAll('_', '-')}`,
    title: def.title,
    status: def.status,
    detail: err.message,
    code: err.code,
    ...(instance ? { instance } : {}),
    ...(requestId ? { requestId } : {}),
    ...err.extra,
  };
  // Never echo a card number back (e.g. in a URL or a message quoting input).
  const text = JSON.stringify(problem);
  const clean = scrubCardNumbers(text);
  return clean === text ? problem : (JSON.parse(clean) as Problem);
}
