// The `fetch` the generated client is given: one call = up to 1 + maxRetries attempts.
//
// - Every POST carries an `Idempotency-Key` (crypto.randomUUID(), unless the caller set one);
//   the same key is sent on each retry of that call, so a retried send is never doubled.
// - Retried: 429 and 503 answers (after `Retry-After` when the server gives one, otherwise
//   exponential backoff with jitter) and network errors/timeouts (backoff) — but a request
//   that may have reached the server (a timeout, a dropped connection) is sent again only when
//   that is safe: GET, HEAD, OPTIONS, PUT, DELETE, or an operation that honours its
//   `Idempotency-Key` (IDEMPOTENT_ROUTES: messages_send, messages_batch_send; other POSTs
//   ignore the key). A connection that was never made is always retried. A `Retry-After`
//   longer than `maxRetryAfterMs` is not waited out: the answer is returned at once (e.g. a
//   daily `quota_exceeded` that resets in hours), and the caller gets a RateLimitError.
// - Never retried: any other status (other 4xx, 5xx other than 503), or a caller's abort.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { FleetConnectionError, parseRetryAfter } from './errors.js';
import { IDEMPOTENT_ROUTES } from './resources.js';

export interface RetryOptions {
  /** Retries after the first attempt (default 3). */
  maxRetries: number;
  /** Per-attempt timeout in ms (default 30 000; 0 for none). */
  timeoutMs: number;
  /** First backoff delay in ms (default 500); doubles on each retry. */
  initialDelayMs: number;
  /** Longest backoff delay in ms (default 8 000). */
  maxDelayMs: number;
  /** Longest `Retry-After` honoured, in ms (default 60 000). */
  maxRetryAfterMs: number;
  /** The fetch that does the I/O (default globalThis.fetch). */
  fetch: typeof fetch;
  /** Called before each retry (for logging and tests). */
  onRetry?: (info: RetryInfo) => void;
}

export interface RetryInfo {
  attempt: number;
  delayMs: number;
  method: string;
  url: string;
  status?: number;
  error?: unknown;
}

export const RETRY_STATUSES = new Set([429, 503]);
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** Exponential backoff with "equal jitter": between half and all of min(max, initial·2^n). */
export function backoffDelay(retry: number, initialDelayMs: number, maxDelayMs: number): number {
  const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** retry);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
/** Failures where no connection was made, so the request never left. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

const idempotentRoutes = IDEMPOTENT_ROUTES.map((route) => {
  const [method, path] = route.split(' ', 2) as [string, string];
  const pattern = path
    .split(/(\{[^}]*\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return { method, pattern: new RegExp(`${pattern}$`) };
});

/** Whether the request's operation answers a repeated `Idempotency-Key` with its first answer. */
export function honoursIdempotency(request: Request): boolean {
  const path = new URL(request.url).pathname;
  return idempotentRoutes.some((r) => r.method === request.method && r.pattern.test(path));
}

/** Whether the request may be sent again when it may already have reached the server. */
export function resendable(request: Request): boolean {
  return SAFE_METHODS.has(request.method) || (request.headers.has(IDEMPOTENCY_HEADER) && honoursIdempotency(request));
}

/** A failure to connect at all: the request never left. */
function neverSent(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NOT_SENT_CODES.has(code)) return true;
  }
  return false;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** The request with an `Idempotency-Key` when it is a POST without one. */
export function withIdempotencyKey(request: Request): Request {
  if (request.method !== 'POST' || request.headers.has(IDEMPOTENCY_HEADER)) return request;
  const headers = new Headers(request.headers);
  headers.set(IDEMPOTENCY_HEADER, randomUUID());
  return new Request(request, { headers });
}

/** A fetch that adds idempotency keys, timeouts and retries to `options.fetch`. */
export function retryingFetch(options: RetryOptions): (input: Request) => Promise<Response> {
  return async (input: Request): Promise<Response> => {
    const request = withIdempotencyKey(input);
    const callerSignal = request.signal;
    for (let attempt = 0; ; attempt += 1) {
      // Each attempt sends a copy; the original keeps its body for the next one.
      const signals = [callerSignal];
      if (options.timeoutMs > 0) signals.push(AbortSignal.timeout(options.timeoutMs));
      const copy = new Request(request.clone(), { signal: AbortSignal.any(signals) });
      let response: Response;
      try {
        response = await options.fetch(copy);
      } catch (error) {
        if (callerSignal.aborted) throw error;
        if (attempt >= options.maxRetries || !(neverSent(error) || resendable(request))) {
          const what = error instanceof Error && error.name === 'TimeoutError'
            ? `timed out after ${options.timeoutMs} ms`
            : `failed: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`;
          throw new FleetConnectionError(`${request.method} ${request.url} ${what}`, error);
        }
        const delayMs = backoffDelay(attempt, options.initialDelayMs, options.maxDelayMs);
        options.onRetry?.({ attempt: attempt + 1, delayMs, method: request.method, url: request.url, error });
        await sleep(delayMs, undefined, { signal: callerSignal });
        continue;
      }
      if (!RETRY_STATUSES.has(response.status) || attempt >= options.maxRetries) return response;
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
      if (retryAfter !== undefined && retryAfter * 1000 > options.maxRetryAfterMs) return response;
      const delayMs =
        retryAfter !== undefined ? retryAfter * 1000 : backoffDelay(attempt, options.initialDelayMs, options.maxDelayMs);
      await response.body?.cancel().catch(() => undefined);
      options.onRetry?.({
        attempt: attempt + 1,
        delayMs,
        method: request.method,
        url: request.url,
        status: response.status,
      });
      try {
        await sleep(delayMs, undefined, { signal: callerSignal });
      } catch (error) {
        if (isAbort(error)) throw callerSignal.reason ?? error;
        throw error;
      }
    }
  };
}
