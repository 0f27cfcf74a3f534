// Credentials: a fixed API key or access token, or email + password, with which the SDK signs
// in (auth_login) and keeps a fresh access token — refreshed (auth_refresh) shortly before it
// expires, or when the API answers 401 `token_expired`. Refresh tokens are single use: the newest
// is kept, and concurrent calls that need a new token share one refresh.
import * as sdk from './generated/sdk.gen.js';
import type { Client } from './generated/client/index.js';
import type * as types from './generated/types.gen.js';
import { AuthenticationError, FleetError } from './errors.js';

type TokenPair = types.AuthLoginResponses[keyof types.AuthLoginResponses];

export interface Credentials {
  apiKey?: string;
  accessToken?: string;
  email?: string;
  password?: string;
  /** Refresh this many seconds before the access token expires (default 60). */
  refreshMarginSeconds?: number;
}

export class TokenManager {
  private accessToken: string | undefined;
  private accessExpiresAt = 0;
  private refreshToken: string | undefined;
  private refreshExpiresAt = 0;
  private pending: Promise<string> | undefined;
  private readonly margin: number;
  /** The last signed-in user, when signed in with email and password. */
  user: TokenPair['user'] | undefined;

  constructor(
    private readonly credentials: Credentials,
    /** A client whose fetch adds retries but no Authorization header. */
    private readonly bare: Client,
    private readonly now: () => number = Date.now,
  ) {
    this.margin = (credentials.refreshMarginSeconds ?? 60) * 1000;
    this.accessToken = credentials.apiKey ?? credentials.accessToken;
  }

  /** Whether the SDK signs in itself (and so can refresh). */
  get managed(): boolean {
    return this.credentials.apiKey === undefined && this.credentials.accessToken === undefined &&
      this.credentials.email !== undefined && this.credentials.password !== undefined;
  }

  /** The bearer token for the next request, signing in or refreshing first when needed. */
  async token(): Promise<string | undefined> {
    if (!this.managed) return this.accessToken;
    if (this.accessToken !== undefined && this.now() < this.accessExpiresAt - this.margin) return this.accessToken;
    return this.renew(this.accessToken);
  }

  /**
   * A new access token, replacing `stale`. Callers that saw the same stale token share one
   * renewal; a caller whose token was already replaced gets the current one.
   */
  renew(stale: string | undefined): Promise<string> {
    if (this.pending) return this.pending;
    if (this.accessToken !== undefined && this.accessToken !== stale && this.now() < this.accessExpiresAt - this.margin) {
      return Promise.resolve(this.accessToken);
    }
    this.pending = this.obtain().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Signs in with the credentials now (also done on first use). */
  async signIn(): Promise<TokenPair> {
    const { email, password } = this.credentials;
    if (email === undefined || password === undefined) {
      throw new AuthenticationError({ status: 401, code: 'unauthorized', message: 'no email and password to sign in with' });
    }
    const { data } = await sdk.authLogin({ client: this.bare, throwOnError: true, body: { email, password } });
    this.store(data);
    return data;
  }

  private async obtain(): Promise<string> {
    if (this.refreshToken !== undefined && this.now() < this.refreshExpiresAt - 5_000) {
      const refreshToken = this.refreshToken;
      // Spent from now on, whatever the answer.
      this.refreshToken = undefined;
      try {
        const { data } = await sdk.authRefresh({ client: this.bare, throwOnError: true, body: { refresh_token: refreshToken } });
        this.store(data);
        return data.access_token;
      } catch (error) {
        // A refused refresh token (reused, expired, session ended): sign in again.
        if (!(error instanceof FleetError && error.status === 401)) throw error;
      }
    }
    return (await this.signIn()).access_token;
  }

  private store(pair: TokenPair): void {
    const now = this.now();
    this.accessToken = pair.access_token;
    this.accessExpiresAt = now + Number(pair.expires_in) * 1000;
    this.refreshToken = pair.refresh_token;
    this.refreshExpiresAt = now + Number(pair.refresh_expires_in) * 1000;
    this.user = pair.user;
  }
}
