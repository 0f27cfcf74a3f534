// A local HTTP server standing in for the API in unit tests. It answers in the API's
// conventions: errors `{code, message, details?, request_id}` with `X-Request-Id` (and
// `Retry-After` on 429/503), lists `{items, total, page, size}`, sign-in answers a TokenPair.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Drop the connection without answering. */
  destroy?: boolean;
}

export type Handler = (req: Seen) => Reply | Promise<Reply>;

export class Stub {
  readonly seen: Seen[] = [];
  private handler: Handler = () => ({ status: 404, body: { code: 'not_found', message: 'no handler' } });
  private server: Server;
  private counter = 0;
  baseUrl = '';

  constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  on(handler: Handler): this {
    this.handler = handler;
    this.seen.length = 0;
    return this;
  }

  requests(method: string, path: string): Seen[] {
    return this.seen.filter((s) => s.method === method && s.path === path);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://stub');
    const seen: Seen = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    this.seen.push(seen);
    const reply = await this.handler(seen);
    if (reply.destroy) {
      req.socket.destroy();
      return;
    }
    this.counter += 1;
    const requestId = `req_${this.counter}`;
    const headers: Record<string, string> = { 'x-request-id': requestId, ...reply.headers };
    let body = '';
    if (reply.body !== undefined) {
      if (typeof reply.body === 'string') {
        body = reply.body;
        headers['content-type'] ??= 'text/plain';
      } else {
        const value = reply.status >= 400 && typeof reply.body === 'object'
          ? { request_id: requestId, ...(reply.body as object) }
          : reply.body;
        body = JSON.stringify(value);
        headers['content-type'] = 'application/json; charset=utf-8';
      }
    }
    res.writeHead(reply.status, headers);
    res.end(body);
  }
}

/** An error reply in the API's shape. */
export function error(status: number, code: string, details?: Record<string, unknown>, headers?: Record<string, string>): Reply {
  return { status, body: { code, message: `${code} (stub)`, ...(details ? { details } : {}) }, headers };
}

export function json(body: unknown, status = 200, headers?: Record<string, string>): Reply {
  return { status, body, headers };
}

/** A TokenPair as auth_login and auth_refresh answer it. */
export function tokenPair(access: string, refresh: string, expiresIn = 7200): Reply {
  return json({
    access_token: access,
    token_type: 'Bearer',
    expires_in: expiresIn,
    refresh_token: refresh,
    refresh_expires_in: 604800,
    user: { id: 'usr_1', email: 'admin@demo.local', role: 'tenant_admin', tenant_id: 'ten_1' },
  });
}

/** Fast retries for tests. */
export const FAST = { initialDelayMs: 5, maxDelayMs: 20 };
