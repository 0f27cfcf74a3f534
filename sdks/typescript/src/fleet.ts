// The client: `new Fleet({ baseUrl, … })`, one property per resource group of the document
// (generated in resources.ts), auto-paging, and the transport under them — the generated fetch
// client given a fetch that authenticates, retries and adds idempotency keys.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createClient, createConfig } from './generated/client/index.js';
import type { Client } from './generated/client/index.js';
import { TokenManager } from './auth.js';
import type { Credentials } from './auth.js';
import { FleetConnectionError, FleetError, errorFromResponse } from './errors.js';
import type { CallOptions, Invoker } from './invoker.js';
import type { Options } from './generated/sdk.gen.js';
import type { TDataShape } from './generated/client/index.js';
import { paginate } from './paginate.js';
import type { Page } from './paginate.js';
import { FleetResources } from './resources.js';
import { retryingFetch, withIdempotencyKey } from './retry.js';
import type { RetryInfo, RetryOptions } from './retry.js';

export interface FleetOptions extends Credentials {
  /** The service's address, e.g. `http://127.0.0.1:8080` (a trailing `/api/v1` is accepted). */
  baseUrl: string;
  /** Retries of a call after its first attempt, on 429, 503 and network errors (default 3). */
  maxRetries?: number;
  /** Timeout of one attempt in ms (default 30 000; 0 for none). */
  timeoutMs?: number;
  /** Backoff tuning: first and longest delay, longest `Retry-After` honoured, a retry hook. */
  retry?: {
    initialDelayMs?: number;
    maxDelayMs?: number;
    maxRetryAfterMs?: number;
    onRetry?: (info: RetryInfo) => void;
  };
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** The fetch doing the I/O (default globalThis.fetch). */
  fetch?: typeof fetch;
}

/** An operation's answer with its HTTP status and headers (`fleet.withResponse`). */
export interface ApiResponse<TData> {
  /** The parsed 2xx answer, as the method resolves to. */
  data: TData;
  status: number;
  headers: Headers;
  /** `X-Request-Id`. */
  requestId: string | undefined;
  /** True when the server answered a repeated `Idempotency-Key` with its first answer (`Idempotent-Replayed: true`). */
  replayed: boolean;
}

/** The raw answers of the calls made inside `withResponse`. */
const captured = new AsyncLocalStorage<Response[]>();

function normalizeBaseUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
}

async function errorCode(response: Response): Promise<string | undefined> {
  try {
    const body: unknown = await response.clone().json();
    return typeof body === 'object' && body !== null && typeof (body as { code?: unknown }).code === 'string'
      ? (body as { code: string }).code
      : undefined;
  } catch {
    return undefined;
  }
}

function withBearer(request: Request, token: string): Request {
  const headers = new Headers(request.headers);
  headers.set('Authorization', `Bearer ${token}`);
  return new Request(request, { headers });
}

/** Turns every failure of the generated client into a FleetError. */
function installErrorInterceptor(client: Client): void {
  client.interceptors.error.use((error: unknown, response: Response | undefined) => {
    if (error instanceof FleetError) return error;
    if (response === undefined) {
      if (error instanceof Error && error.name === 'AbortError') return error;
      return new FleetConnectionError(error instanceof Error ? error.message : String(error), error);
    }
    return errorFromResponse(response.status, response.headers, error);
  });
}

class Transport implements Invoker {
  readonly client: Client;
  readonly tokens: TokenManager;

  constructor(options: FleetOptions) {
    if (!options.baseUrl) throw new TypeError('Fleet: baseUrl is required');
    if ((options.email === undefined) !== (options.password === undefined)) {
      throw new TypeError('Fleet: give both email and password, or neither');
    }
    const retryOptions: RetryOptions = {
      maxRetries: options.maxRetries ?? 3,
      timeoutMs: options.timeoutMs ?? 30_000,
      initialDelayMs: options.retry?.initialDelayMs ?? 500,
      maxDelayMs: options.retry?.maxDelayMs ?? 8_000,
      maxRetryAfterMs: options.retry?.maxRetryAfterMs ?? 60_000,
      fetch: options.fetch ?? globalThis.fetch,
      onRetry: options.retry?.onRetry,
    };
    const retrying = retryingFetch(retryOptions);
    const config = { baseUrl: normalizeBaseUrl(options.baseUrl), headers: options.headers };

    // Sign-in and refresh go through a client that retries but adds no Authorization.
    const bare = createClient(createConfig({ ...config, fetch: retrying as typeof fetch }));
    installErrorInterceptor(bare);
    this.tokens = new TokenManager(options, bare);

    const tokens = this.tokens;
    const authenticated = async (input: Request): Promise<Response> => {
      // The key is fixed before anything else, so a re-send after a refresh reuses it too.
      const request = withIdempotencyKey(input);
      if (request.headers.has('authorization')) return retrying(request);
      const token = await tokens.token();
      if (token === undefined) return retrying(request);
      const response = await retrying(withBearer(tokens.managed ? request.clone() : request, token));
      if (response.status !== 401 || !tokens.managed || (await errorCode(response)) !== 'token_expired') {
        return response;
      }
      await response.body?.cancel().catch(() => undefined);
      return retrying(withBearer(request, await tokens.renew(token)));
    };
    this.client = createClient(createConfig({ ...config, fetch: authenticated as typeof fetch }));
    installErrorInterceptor(this.client);
  }

  async call<TData extends TDataShape, TResult>(
    operation: (options: Options<TData, true>) => Promise<{ data: TResult }>,
    options: CallOptions<TData> | undefined,
  ): Promise<TResult> {
    const result = await operation({
      ...options,
      client: this.client,
      throwOnError: true,
      responseStyle: 'fields',
    } as Options<TData, true>);
    const response = (result as { response?: unknown }).response;
    if (response instanceof Response) captured.getStore()?.push(response);
    return result.data;
  }
}

/**
 * The WeCom Fleet API.
 *
 * ```ts
 * const fleet = new Fleet({ baseUrl: 'http://127.0.0.1:8080', email, password });
 * const account = await fleet.accounts.create({ body: { account_name: 'sales-01', connector: 'simulator' } });
 * for await (const a of fleet.paginate(fleet.accounts.list, { query: { status: 'online' } })) console.log(a.account_id);
 * ```
 *
 * Methods resolve to the answer's data and throw a FleetError subclass for error answers.
 */
export class Fleet extends FleetResources {
  /** The generated client the resources call (authenticated, retrying). */
  readonly client: Client;
  private readonly transport: Transport;

  constructor(options: FleetOptions) {
    const transport = new Transport(options);
    super(transport);
    this.transport = transport;
    this.client = transport.client;
  }

  /**
   * Every item of a list operation, fetching pages of 200 until `total`:
   * `for await (const account of fleet.paginate(fleet.accounts.list, { query: { status: 'online' } }))`.
   */
  paginate<TOptions, TItem>(
    list: (options: TOptions) => Promise<Page<TItem>>,
    options?: NoInfer<TOptions>,
  ): AsyncGenerator<TItem, void, undefined> {
    return paginate(list, options);
  }

  /**
   * Calls `method(options)` and resolves to its data with the answer's status and headers:
   * `(await fleet.withResponse(fleet.messages.send, { body, headers: { 'Idempotency-Key': key } })).replayed`.
   */
  async withResponse<TOptions, TData>(
    method: (options: TOptions) => Promise<TData>,
    options: NoInfer<TOptions>,
  ): Promise<ApiResponse<TData>> {
    const responses: Response[] = [];
    const data = await captured.run(responses, () => method(options));
    const response = responses.at(-1);
    if (response === undefined) throw new TypeError('withResponse: the method made no API call');
    return {
      data,
      status: response.status,
      headers: response.headers,
      requestId: response.headers.get('x-request-id') ?? undefined,
      replayed: response.headers.get('idempotent-replayed')?.toLowerCase() === 'true',
    };
  }

  /** Signs in with the email and password now (otherwise done on the first call). */
  async signIn(): Promise<void> {
    await this.transport.tokens.signIn();
  }
}
