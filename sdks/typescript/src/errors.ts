// Typed errors, built from the API's one `ApiError` body ({code, message, details?, request_id?})
// and the `X-Request-Id` / `Retry-After` headers.
import type { ApiErrorCode, ApiErrorDetails } from './resources.js';

export interface FleetErrorInit {
  status: number;
  code: ApiErrorCode;
  message: string;
  details?: ApiErrorDetails;
  requestId?: string;
  retryAfter?: number;
  body?: unknown;
  cause?: unknown;
}

/** Any error the API answered (or a connection failure: `FleetConnectionError`, status 0). */
export class FleetError extends Error {
  /** The HTTP status (0 when no answer arrived). */
  readonly status: number;
  /** The machine-readable `code`, e.g. `not_found`; unknown codes are kept as they are. */
  readonly code: ApiErrorCode;
  /** What the code refers to (`field`, `limit`, `used`, `resets_at`, `problems`, …); `{}` when absent. */
  readonly details: ApiErrorDetails;
  /** The request's `X-Request-Id` (or the body's `request_id`): quote it when reporting a problem. */
  readonly requestId: string | undefined;
  /** Seconds to wait before trying again (`Retry-After`, or `details.retry_after_seconds`). */
  readonly retryAfter: number | undefined;
  /** The response body as received (parsed JSON, or text). */
  readonly body: unknown;

  constructor(init: FleetErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? ({} as ApiErrorDetails);
    this.requestId = init.requestId;
    this.retryAfter = init.retryAfter;
    this.body = init.body;
  }
}

/** 400: the request is malformed or breaks a rule (`validation_failed`, `details.field`, …). */
export class BadRequestError extends FleetError {}
/** 401: no, wrong or expired credentials (`invalid_credentials`, `token_expired`, …). */
export class AuthenticationError extends FleetError {}
/** 403: signed in, but not allowed (`forbidden`, `tenant_suspended`, …). */
export class PermissionDeniedError extends FleetError {}
/** 404: `not_found` (also for other tenants' ids). */
export class NotFoundError extends FleetError {}
/** 409: the current state refuses it (`invalid_state`, `account_limit_reached`, …). */
export class ConflictError extends FleetError {}
/** 422: understood but not processable (`template_invalid`, `template_variables`, `idempotency_key_reused`, …). */
export class UnprocessableError extends FleetError {}
/** 429: `rate_limited` or `quota_exceeded` (`details.limit/used/resets_at`); see `retryAfter`. */
export class RateLimitError extends FleetError {}
/** 503: temporarily unavailable; see `retryAfter`. */
export class ServiceUnavailableError extends FleetError {}
/** Any other 5xx. */
export class ServerError extends FleetError {}
/** No answer: the connection failed or timed out (after the retries). */
export class FleetConnectionError extends FleetError {
  constructor(message: string, cause?: unknown) {
    super({ status: 0, code: 'connection_error', message, cause });
  }
}

const CLASSES: Record<number, typeof FleetError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableError,
  429: RateLimitError,
  503: ServiceUnavailableError,
};

/** Seconds from a `Retry-After` header: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value == null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The typed error for an error answer: its status, body and headers. */
export function errorFromResponse(status: number, headers: Headers, body: unknown): FleetError {
  const parsed = isRecord(body) ? body : undefined;
  const details = isRecord(parsed?.details) ? (parsed.details as ApiErrorDetails) : undefined;
  const code = typeof parsed?.code === 'string' ? parsed.code : `http_${status}`;
  const message =
    typeof parsed?.message === 'string'
      ? parsed.message
      : typeof body === 'string' && body.length > 0 && body.length < 500
        ? body
        : `HTTP ${status}`;
  const requestId =
    headers.get('x-request-id') || (typeof parsed?.request_id === 'string' ? parsed.request_id : undefined);
  const detailRetry = details?.retry_after_seconds;
  const retryAfter =
    parseRetryAfter(headers.get('retry-after')) ?? (typeof detailRetry === 'number' ? detailRetry : undefined);
  const Class = CLASSES[status] ?? (status >= 500 ? ServerError : FleetError);
  return new Class({ status, code, message, details, requestId, retryAfter, body });
}
