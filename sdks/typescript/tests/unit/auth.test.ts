import { strict as assert } from 'node:assert';
import { after, before, beforeEach, describe, it } from 'node:test';
import { AuthenticationError, Fleet } from '../../src/index.js';
import { FAST, Stub, error, json, tokenPair } from './stub.js';
import type { Seen } from './stub.js';
import type { SendMessage } from '../../src/index.js';

/** A stub of auth_login / auth_refresh with single-use refresh tokens, and one resource. */
class AuthServer {
  logins = 0;
  refreshes = 0;
  generation = 0;
  expiresIn = 7200;
  /** Access tokens the stub calls expired (answers 401 token_expired). */
  expired = new Set<string>();
  private live = new Set<string>();
  private spent = new Set<string>();
  /** Slow the refresh down, so that concurrent calls overlap it. */
  refreshDelayMs = 0;

  issue() {
    this.generation += 1;
    const refresh = `rt_${this.generation}`;
    this.live.add(refresh);
    return tokenPair(`at_${this.generation}`, refresh, this.expiresIn);
  }

  handle = async (req: Seen) => {
    if (req.path === '/api/v1/auth/login') {
      const { email, password } = JSON.parse(req.body) as { email: string; password: string };
      if (email !== 'admin@demo.local' || password !== 'pw') return error(401, 'invalid_credentials');
      this.logins += 1;
      return this.issue();
    }
    if (req.path === '/api/v1/auth/refresh') {
      this.refreshes += 1;
      const { refresh_token } = JSON.parse(req.body) as { refresh_token: string };
      if (this.spent.has(refresh_token)) return error(401, 'refresh_token_reused');
      if (!this.live.has(refresh_token)) return error(401, 'invalid_refresh_token');
      this.live.delete(refresh_token);
      this.spent.add(refresh_token);
      if (this.refreshDelayMs) await new Promise((r) => setTimeout(r, this.refreshDelayMs));
      return this.issue();
    }
    const token = req.headers.authorization?.replace(/^Bearer /, '');
    if (token === undefined) return error(401, 'unauthorized');
    if (this.expired.has(token)) return error(401, 'token_expired');
    return json({ id: 'ten_1', name: 'Demo', code: 'demo', token });
  };
}

describe('authentication', () => {
  const stub = new Stub();
  let server: AuthServer;
  before(() => stub.start());
  after(() => stub.stop());
  beforeEach(() => {
    server = new AuthServer();
    stub.on(server.handle);
  });
  const bearers = () => stub.seen.filter((s) => !s.path.startsWith('/api/v1/auth/')).map((s) => s.headers.authorization);

  it('signs in with email and password on first use', async () => {
    const fleet = new Fleet({ baseUrl: stub.baseUrl, email: 'admin@demo.local', password: 'pw', retry: FAST });
    await fleet.tenants.current();
    await fleet.tenants.current();
    assert.equal(server.logins, 1);
    assert.equal(server.refreshes, 0);
    assert.deepEqual(bearers(), ['Bearer at_1', 'Bearer at_1']);
  });

  it('refreshes shortly before expiry, always with the newest refresh token', async () => {
    server.expiresIn = 30; // inside the 60 s margin: every later call refreshes first
    const fleet = new Fleet({ baseUrl: stub.baseUrl, email: 'admin@demo.local', password: 'pw', retry: FAST });
    await fleet.tenants.current();
    await fleet.tenants.current();
    await fleet.tenants.current();
    assert.equal(server.logins, 1);
    assert.equal(server.refreshes, 2);
    const refreshBodies = stub.requests('POST', '/api/v1/auth/refresh').map((s) => JSON.parse(s.body).refresh_token);
    assert.deepEqual(refreshBodies, ['rt_1', 'rt_2']);
    assert.deepEqual(bearers(), ['Bearer at_1', 'Bearer at_2', 'Bearer at_3']);
  });

  it('refreshes on 401 token_expired and repeats the call', async () => {
    const fleet = new Fleet({ baseUrl: stub.baseUrl, email: 'admin@demo.local', password: 'pw', retry: FAST });
    await fleet.tenants.current();
    server.expired.add('at_1');
    const tenant = await fleet.tenants.current();
    assert.equal((tenant as { token?: string }).token, 'at_2');
    assert.equal(server.refreshes, 1);
    assert.deepEqual(bearers(), ['Bearer at_1', 'Bearer at_1', 'Bearer at_2']);
  });

  it('re-sends a POST after token_expired with its body and its Idempotency-Key', async () => {
    const fleet = new Fleet({ baseUrl: stub.baseUrl, email: 'admin@demo.local', password: 'pw', retry: FAST });
    await fleet.tenants.current();
    server.expired.add('at_1');
    const body: SendMessage = { account_id: 'acc_1', conversation_id: 'conv_1', message_type: 'text', content: { text: 'hi' } };
    await fleet.messages.send({ body });
    const sends = stub.requests('POST', '/api/v1/messages/send');
    assert.equal(sends.length, 2);
    assert.deepEqual(sends.map((s) => s.headers.authorization), ['Bearer at_1', 'Bearer at_2']);
    assert.ok(sends.every((s) => s.body === JSON.stringify(body)));
    assert.equal(new Set(sends.map((s) => s.headers['idempotency-key'])).size, 1);
    assert.ok(sends[0]?.headers['idempotency-key']);
  });

  it('concurrent calls that meet token_expired share one refresh', async () => {
    const fleet = new Fleet({ baseUrl: stub.baseUrl, email: 'admin@demo.local', password: 'pw', retry: FAST });
    await fleet.tenants.current();
    server.expired.add('at_1');
    server.refreshDelayMs = 50;
    const results = await Promise.all(Array.from({ length: 8 }, () => fleet.tenants.current()));
    assert.equal(server.refreshes, 1);
    assert.equal(server.logins, 1);
    assert.ok(results.every((t) => (t as { token?: string }).token === 'at_2'));
  });

  it('concurrent first calls share one sign-in, and near-expiry calls one refresh', async () => {
    server.expiresIn = 30;
    const fleet = new Fleet({ baseUrl: stub.baseUrl, email: 'admin@demo.local', password: 'pw', retry: FAST });
    await Promise.all(Array.from({ length: 5 }, () => fleet.tenants.current()));
    assert.equal(server.logins, 1);
    server.refreshDelayMs = 30;
    await Promise.all(Array.from({ length: 5 }, () => fleet.tenants.current()));
    assert.equal(server.refreshes, 1);
  });

  it('signs in again when the refresh token is refused', async () => {
    const fleet = new Fleet({ baseUrl: stub.baseUrl, email: 'admin@demo.local', password: 'pw', retry: FAST });
    await fleet.tenants.current();
    // Someone else spent our refresh token: the refresh is refused, the SDK signs in again.
    await fetch(`${stub.baseUrl}/api/v1/auth/refresh`, { method: 'POST', body: JSON.stringify({ refresh_token: 'rt_1' }) });
    server.expired.add('at_1');
    server.expired.add('at_2');
    await fleet.tenants.current();
    assert.equal(server.logins, 2);
  });

  it('wrong credentials are an AuthenticationError', async () => {
    const fleet = new Fleet({ baseUrl: stub.baseUrl, email: 'admin@demo.local', password: 'wrong', retry: FAST });
    const err = await fleet.tenants.current().catch((e: unknown) => e);
    assert.ok(err instanceof AuthenticationError);
    assert.equal(err.code, 'invalid_credentials');
  });

  it('an API key is sent as it is and never refreshed', async () => {
    const fleet = new Fleet({ baseUrl: `${stub.baseUrl}/api/v1/`, apiKey: 'fk_live_1', retry: FAST });
    await fleet.tenants.current();
    assert.deepEqual(bearers(), ['Bearer fk_live_1']);
    server.expired.add('fk_live_1');
    const err = await fleet.tenants.current().catch((e: unknown) => e);
    assert.ok(err instanceof AuthenticationError);
    assert.equal(err.code, 'token_expired');
    assert.equal(server.logins + server.refreshes, 0);
  });

  it('a given access token is used as it is', async () => {
    const fleet = new Fleet({ baseUrl: stub.baseUrl, accessToken: 'at_given', retry: FAST });
    await fleet.tenants.current();
    assert.deepEqual(bearers(), ['Bearer at_given']);
  });
});
