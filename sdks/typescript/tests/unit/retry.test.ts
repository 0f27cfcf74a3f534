import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { Fleet, FleetConnectionError, NotFoundError, RateLimitError, ServiceUnavailableError, UnprocessableError } from '../../src/index.js';
import type { RetryInfo, SendMessage } from '../../src/index.js';
import { FAST, Stub, error, json } from './stub.js';

describe('retries', () => {
  const stub = new Stub();
  const retries: RetryInfo[] = [];
  const fleet = (maxRetries = 3) =>
    new Fleet({
      baseUrl: stub.baseUrl,
      apiKey: 'fk_test',
      maxRetries,
      retry: { ...FAST, maxRetryAfterMs: 5_000, onRetry: (info) => retries.push(info) },
    });
  before(() => stub.start());
  after(() => stub.stop());

  it('waits out Retry-After on 429, then succeeds', async () => {
    let n = 0;
    stub.on(() => (++n === 1 ? error(429, 'rate_limited', undefined, { 'retry-after': '1' }) : json({ items: [], total: 0, page: 1, size: 20 })));
    retries.length = 0;
    const started = Date.now();
    const page = await fleet().accounts.list();
    const elapsed = Date.now() - started;
    assert.equal(page.total, 0);
    assert.equal(stub.seen.length, 2);
    assert.ok(elapsed >= 950, `waited ${elapsed} ms`);
    assert.equal(retries[0]?.delayMs, 1000);
    assert.equal(retries[0]?.status, 429);
  });

  it('retries 503 with backoff and stops at maxRetries', async () => {
    stub.on(() => error(503, 'unavailable', undefined, { 'retry-after': '0' }));
    const err = await fleet(2).accounts.list().catch((e: unknown) => e);
    assert.ok(err instanceof ServiceUnavailableError);
    assert.equal(err.retryAfter, 0);
    assert.equal(stub.seen.length, 3, '1 attempt + 2 retries');
  });

  it('retries 429 without Retry-After with exponential backoff + jitter', async () => {
    stub.on(() => error(429, 'rate_limited'));
    retries.length = 0;
    const err = await fleet(3).accounts.list().catch((e: unknown) => e);
    assert.ok(err instanceof RateLimitError);
    assert.equal(stub.seen.length, 4);
    assert.equal(retries.length, 3);
    retries.forEach((r, i) => {
      const ceiling = Math.min(FAST.maxDelayMs, FAST.initialDelayMs * 2 ** i);
      assert.ok(r.delayMs >= ceiling / 2 && r.delayMs <= ceiling, `retry ${i}: ${r.delayMs} ms`);
    });
  });

  it('does not wait out a Retry-After above the cap (quota_exceeded until tomorrow)', async () => {
    stub.on(() => error(429, 'quota_exceeded', { limit: 5, used: 5 }, { 'retry-after': '36000' }));
    const err = await fleet().messages.send({ body: { account_id: 'a', conversation_id: 'c', message_type: 'text', content: { text: 'hi' } } }).catch((e: unknown) => e);
    assert.ok(err instanceof RateLimitError);
    assert.equal(err.code, 'quota_exceeded');
    assert.equal(err.retryAfter, 36000);
    assert.equal(stub.seen.length, 1);
  });

  it('retries dropped connections', async () => {
    let n = 0;
    stub.on(() => (++n <= 2 ? { status: 0, destroy: true } : json({ items: [], total: 0, page: 1, size: 20 })));
    await fleet(3).accounts.list();
    assert.equal(stub.seen.length, 3);
  });

  it('re-sends a dropped messages_send (it honours its Idempotency-Key), with the same key', async () => {
    let n = 0;
    stub.on(() => (++n <= 1 ? { status: 0, destroy: true } : json({ message_id: 'm', status: 'pending' }, 202)));
    await fleet(3).messages.send({ body: { account_id: 'a', conversation_id: 'c', message_type: 'text', content: { text: 'hi' } } });
    assert.equal(stub.seen.length, 2);
    assert.equal(new Set(stub.seen.map((s) => s.headers['idempotency-key'])).size, 1);
  });

  it('does not re-send a dropped POST whose operation ignores Idempotency-Key (it may have been done)', async () => {
    let n = 0;
    stub.on(() => (++n <= 1 ? { status: 0, destroy: true } : json({ template_id: 't' }, 201)));
    const err = await fleet(3)
      .templates.create({ body: { name: 'x', message_type: 'text', content: { text: 'hi' } } })
      .catch((e: unknown) => e);
    assert.ok(err instanceof FleetConnectionError, String(err));
    assert.equal(stub.seen.length, 1);
  });

  it('retries any request whose connection was refused (it never left)', async () => {
    const closed = new Stub();
    await closed.start();
    const baseUrl = closed.baseUrl;
    await closed.stop();
    const client = new Fleet({ baseUrl, apiKey: 'k', maxRetries: 2, retry: { ...FAST, onRetry: (info) => retries.push(info) } });
    retries.length = 0;
    const err = await client.templates
      .create({ body: { name: 'x', message_type: 'text', content: { text: 'hi' } } })
      .catch((e: unknown) => e);
    assert.ok(err instanceof FleetConnectionError, String(err));
    assert.equal(retries.length, 2);
  });

  it('times out a slow attempt, retries it, then gives up with a FleetConnectionError', async () => {
    stub.on(async () => {
      await new Promise((r) => setTimeout(r, 300));
      return json({ items: [], total: 0, page: 1, size: 20 });
    });
    const client = new Fleet({ baseUrl: stub.baseUrl, apiKey: 'k', maxRetries: 1, timeoutMs: 50, retry: FAST });
    const err = await client.accounts.list().catch((e: unknown) => e);
    assert.ok(err instanceof FleetConnectionError, String(err));
    assert.match(err.message, /timed out after 50 ms/);
    assert.equal(stub.seen.length, 2);
  });

  for (const [status, code] of [[400, 'validation_failed'], [401, 'invalid_token'], [403, 'forbidden'], [404, 'not_found'], [409, 'invalid_state'], [422, 'idempotency_key_reused'], [500, 'internal']] as const) {
    it(`never retries ${status} ${code}`, async () => {
      stub.on(() => error(status, code));
      await assert.rejects(fleet().accounts.create({ body: { account_name: 'x', connector: 'simulator' } }));
      assert.equal(stub.seen.length, 1);
    });
  }

  it('reuses one Idempotency-Key across the retries of a POST, and a new one per call', async () => {
    let n = 0;
    stub.on(() => (++n % 3 !== 0 ? error(503, 'unavailable', undefined, { 'retry-after': '0' }) : json({ message_id: `msg_${n}`, status: 'pending' }, 202)));
    const client = fleet(3);
    const body: SendMessage = { account_id: 'a', conversation_id: 'c', message_type: 'text', content: { text: 'hi' } };
    await client.messages.send({ body });
    const first = stub.seen.map((s) => s.headers['idempotency-key']);
    assert.equal(first.length, 3);
    assert.ok(typeof first[0] === 'string' && /^[0-9a-f-]{36}$/.test(first[0]), String(first[0]));
    assert.deepEqual(new Set(first).size, 1);
    assert.ok(stub.seen.every((s) => s.body === JSON.stringify(body)), 'the body is re-sent whole');

    stub.on(() => (++n % 3 !== 0 ? error(503, 'unavailable', undefined, { 'retry-after': '0' }) : json({ message_id: `msg_${n}`, status: 'pending' }, 202)));
    n = 0;
    await client.messages.send({ body });
    const second = stub.seen.map((s) => s.headers['idempotency-key']);
    assert.equal(new Set(second).size, 1);
    assert.notEqual(second[0], first[0]);
  });

  it('keeps an explicit Idempotency-Key, and sends none on GET', async () => {
    stub.on((req) => (req.method === 'POST' ? json({ message_id: 'm', status: 'pending' }, 202) : error(404, 'not_found')));
    await fleet().messages.send({ headers: { 'Idempotency-Key': 'my-key-1' }, body: { account_id: 'a', conversation_id: 'c', message_type: 'text', content: { text: 'hi' } } });
    assert.equal(stub.seen[0]?.headers['idempotency-key'], 'my-key-1');
    await assert.rejects(fleet().accounts.get({ path: { id: 'nope' } }), NotFoundError);
    assert.equal(stub.seen[1]?.headers['idempotency-key'], undefined);
  });

  it('withResponse gives the status, X-Request-Id and Idempotent-Replayed of the answer', async () => {
    stub.on(() => json({ message_id: 'm1', status: 'pending' }, 202, { 'idempotent-replayed': 'true', 'x-request-id': 'req-9' }));
    const client = fleet();
    const answer = await client.withResponse(client.messages.send, {
      headers: { 'Idempotency-Key': 'k-1' },
      body: { account_id: 'a', conversation_id: 'c', message_type: 'text', content: { text: 'hi' } },
    });
    assert.equal(answer.data.message_id, 'm1');
    assert.equal(answer.status, 202);
    assert.equal(answer.requestId, 'req-9');
    assert.equal(answer.replayed, true);
    stub.on(() => json({ items: [], total: 0, page: 1, size: 20 }));
    const listed = await client.withResponse(client.accounts.list, undefined);
    assert.equal(listed.replayed, false);
    assert.equal(listed.data.total, 0);
  });

  it('an idempotency_key_reused answer is an UnprocessableError, not retried', async () => {
    stub.on(() => error(422, 'idempotency_key_reused'));
    const err = await fleet().messages.send({ headers: { 'Idempotency-Key': 'k' }, body: { account_id: 'a', conversation_id: 'c', message_type: 'text', content: { text: 'other' } } }).catch((e: unknown) => e);
    assert.ok(err instanceof UnprocessableError);
    assert.equal(stub.seen.length, 1);
  });
});
