import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { signWebhook, verifyWebhook, WebhookVerificationError } from '../../src/index.js';

const secret = `whsec_${randomBytes(32).toString('base64')}`;
const oldSecret = `whsec_${randomBytes(32).toString('base64')}`;
const body = JSON.stringify({
  type: 'account.status_changed',
  timestamp: '2030-01-01T00:00:00Z',
  data: { account_id: 'acc_1', status: 'recovering', previous_status: 'online' },
});
const now = Date.now();
const ts = Math.floor(now / 1000);
const headers = (signature: string, timestamp = ts, id = 'evt_1') => ({
  'webhook-id': id,
  'webhook-timestamp': String(timestamp),
  'webhook-signature': signature,
});

describe('verifyWebhook', () => {
  it('accepts a valid signature and returns the event with its id', () => {
    const event = verifyWebhook(secret, headers(signWebhook(secret, 'evt_1', ts, body)), body);
    assert.equal(event.id, 'evt_1');
    assert.equal(event.type, 'account.status_changed');
    assert.equal((event.data as Record<string, unknown>)['status'], 'recovering');
  });

  it('accepts one of two signatures during a rotation (either order)', () => {
    const fresh = signWebhook(secret, 'evt_1', ts, body);
    const stale = signWebhook(oldSecret, 'evt_1', ts, body);
    assert.equal(verifyWebhook(secret, headers(`${stale} ${fresh}`), body).id, 'evt_1');
    assert.equal(verifyWebhook(oldSecret, headers(`${stale} ${fresh}`), body).id, 'evt_1');
    assert.equal(verifyWebhook(secret, headers(`${fresh} ${stale}`), Buffer.from(body)).id, 'evt_1');
  });

  it('takes fetch Headers and Node header objects alike', () => {
    const h = headers(signWebhook(secret, 'evt_1', ts, body));
    assert.equal(verifyWebhook(secret, new Headers(h), body).id, 'evt_1');
    const upper = { 'Webhook-Id': h['webhook-id'], 'Webhook-Timestamp': h['webhook-timestamp'], 'Webhook-Signature': h['webhook-signature'] };
    assert.equal(verifyWebhook(secret, upper, body).id, 'evt_1');
  });

  const refuses = (what: string, run: () => unknown, message: RegExp) =>
    it(`refuses ${what}`, () => assert.throws(run, (e: unknown) => e instanceof WebhookVerificationError && message.test(e.message)));

  refuses('a tampered body', () => verifyWebhook(secret, headers(signWebhook(secret, 'evt_1', ts, body)), body.replace('recovering', 'online')), /no matching/);
  refuses('a wrong secret', () => verifyWebhook(oldSecret, headers(signWebhook(secret, 'evt_1', ts, body)), body), /no matching/);
  refuses('another id', () => verifyWebhook(secret, { ...headers(signWebhook(secret, 'evt_1', ts, body)), 'webhook-id': 'evt_2' }, body), /no matching/);
  refuses('a stale timestamp', () => verifyWebhook(secret, headers(signWebhook(secret, 'evt_1', ts - 301, body), ts - 301), body, { now }), /too old/);
  refuses('a timestamp in the future', () => verifyWebhook(secret, headers(signWebhook(secret, 'evt_1', ts + 301, body), ts + 301), body, { now }), /future/);
  refuses('missing headers', () => verifyWebhook(secret, { 'webhook-id': 'evt_1' }, body), /missing/);
  refuses('an unknown signature version', () => verifyWebhook(secret, headers(signWebhook(secret, 'evt_1', ts, body).replace('v1,', 'v2,')), body), /no matching/);
  refuses('a truncated signature', () => verifyWebhook(secret, headers(signWebhook(secret, 'evt_1', ts, body).slice(0, 20)), body), /no matching/);

  it('honours a custom tolerance', () => {
    const old = ts - 1000;
    const h = headers(signWebhook(secret, 'evt_1', old, body), old);
    assert.throws(() => verifyWebhook(secret, h, body, { now }), WebhookVerificationError);
    assert.equal(verifyWebhook(secret, h, body, { now, toleranceSeconds: 1200 }).id, 'evt_1');
  });
});

describe('cross-check with the reference standardwebhooks package', () => {
  it('verifies what the reference signs', () => {
    const wh = new Webhook(secret);
    const signature = wh.sign('msg_ref', new Date(ts * 1000), body);
    const event = verifyWebhook(secret, headers(signature, ts, 'msg_ref'), body);
    assert.equal(event.id, 'msg_ref');
  });

  it('the reference verifies what we sign, and agrees on refusals', () => {
    const wh = new Webhook(secret);
    const signature = signWebhook(secret, 'msg_ours', ts, body);
    assert.equal(signature, wh.sign('msg_ours', new Date(ts * 1000), body));
    assert.deepEqual(wh.verify(body, headers(signature, ts, 'msg_ours')), JSON.parse(body));
    assert.throws(() => wh.verify(`${body} `, headers(signature, ts, 'msg_ours')));
    assert.throws(() => verifyWebhook(secret, headers(signature, ts, 'msg_ours'), `${body} `), WebhookVerificationError);
  });
});
