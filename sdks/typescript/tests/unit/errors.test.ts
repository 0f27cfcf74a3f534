import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  Fleet,
  FleetConnectionError,
  FleetError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  ServiceUnavailableError,
  UnprocessableError,
} from '../../src/index.js';
import { FAST, Stub, error, json } from './stub.js';

describe('typed errors', () => {
  const stub = new Stub();
  let fleet: Fleet;
  before(async () => {
    await stub.start();
    fleet = new Fleet({ baseUrl: stub.baseUrl, apiKey: 'fk_test', maxRetries: 0, retry: FAST });
  });
  after(() => stub.stop());

  const cases: Array<[number, string, typeof FleetError, Record<string, unknown>?, Record<string, string>?]> = [
    [400, 'validation_failed', BadRequestError, { field: 'account_name', reason: 'empty' }],
    [401, 'invalid_credentials', AuthenticationError],
    [403, 'tenant_suspended', PermissionDeniedError],
    [404, 'not_found', NotFoundError],
    [409, 'account_limit_reached', ConflictError, { limit: 100, used: 100 }],
    [422, 'template_invalid', UnprocessableError, { problems: [{ path: 'content.text', message: 'unclosed {{' }] }],
    [429, 'rate_limited', RateLimitError, undefined, { 'retry-after': '7' }],
    [429, 'quota_exceeded', RateLimitError, { limit: 10, used: 10, resets_at: '2030-01-02T00:00:00+08:00', retry_after_seconds: 3600 }, { 'retry-after': '3600' }],
    [503, 'metrics_unavailable', ServiceUnavailableError, undefined, { 'retry-after': '2' }],
    [500, 'internal', ServerError],
    [502, 'connector_error', ServerError],
  ];
  for (const [status, code, Class, details, headers] of cases) {
    it(`${status} ${code} -> ${Class.name}`, async () => {
      stub.on(() => error(status, code, details, headers));
      const err = await fleet.accounts.get({ path: { id: 'acc_1' } }).then(
        () => assert.fail('should throw'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof Class, `got ${String(err)}`);
      assert.ok(err instanceof FleetError);
      assert.equal(err.name, Class.name);
      assert.equal(err.status, status);
      assert.equal(err.code, code);
      assert.equal(err.message, `${code} (stub)`);
      assert.deepEqual(err.details, details ?? {});
      assert.match(err.requestId ?? '', /^req_\d+$/);
      assert.equal(err.retryAfter, headers?.['retry-after'] === undefined ? undefined : Number(headers['retry-after']));
    });
  }

  it('keeps unknown codes and reads request_id from the body without the header', async () => {
    stub.on(() => ({ status: 409, body: { code: 'brand_new_code', message: 'new', request_id: 'body_req' }, headers: { 'x-request-id': '' } }));
    const err = await fleet.accounts.list().catch((e: unknown) => e);
    assert.ok(err instanceof ConflictError);
    assert.equal(err.code, 'brand_new_code');
    assert.equal(err.requestId, 'body_req');
  });

  it('builds an error from a body that is not JSON', async () => {
    stub.on(() => ({ status: 502, body: 'Bad Gateway' }));
    const err = await fleet.accounts.list().catch((e: unknown) => e);
    assert.ok(err instanceof ServerError);
    assert.equal(err.code, 'http_502');
    assert.equal(err.message, 'Bad Gateway');
  });

  it('retryAfter falls back to details.retry_after_seconds', async () => {
    stub.on(() => error(429, 'quota_exceeded', { retry_after_seconds: 99999 }));
    const err = await fleet.accounts.list().catch((e: unknown) => e);
    assert.ok(err instanceof RateLimitError);
    assert.equal(err.retryAfter, 99999);
  });

  it('a refused connection is a FleetConnectionError', async () => {
    const closed = new Stub();
    await closed.start();
    await closed.stop();
    const dead = new Fleet({ baseUrl: closed.baseUrl, apiKey: 'k', maxRetries: 1, retry: FAST });
    const err = await dead.accounts.list().catch((e: unknown) => e);
    assert.ok(err instanceof FleetConnectionError, String(err));
    assert.ok(err instanceof FleetError);
    assert.equal(err.status, 0);
    assert.match(err.message, /ECONNREFUSED|fetch failed/);
  });

  it('resolves to the data of a 2xx', async () => {
    stub.on((req) => json({ account_id: 'acc_1', account_name: JSON.parse(req.body).account_name }, 201));
    const created = await fleet.accounts.create({ body: { account_name: 'sales-01', connector: 'simulator' } });
    assert.equal(created.account_id, 'acc_1');
    assert.equal(created.account_name, 'sales-01');
    const [req] = stub.seen;
    assert.equal(req?.method, 'POST');
    assert.equal(req?.path, '/api/v1/accounts');
    assert.equal(req?.headers.authorization, 'Bearer fk_test');
    assert.match(req?.headers['content-type'] ?? '', /^application\/json/);
  });
});
