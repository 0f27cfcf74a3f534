// The demo flow against a real server (`wecom-fleet demo`), through the SDK only.
//
//   FLEET_URL=http://127.0.0.1:8080 FLEET_DEMO_CREDENTIALS=/path/to/data/demo-credentials.toml \
//     npm run test:live
//
// Skipped when FLEET_URL is unset. The steps share state and run in order.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Fleet, NotFoundError, RateLimitError, UnprocessableError, verifyWebhook } from '../../src/index.js';

const FLEET_URL = process.env.FLEET_URL;
const here = dirname(fileURLToPath(import.meta.url));

/** The five `key = "value"` lines of demo-credentials.toml. */
function readCredentials(path: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^\s*([A-Za-z0-9_]+)\s*=\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(line);
    if (m?.[1] !== undefined && m[2] !== undefined) values[m[1]] = m[2].replace(/\\(["\\])/g, '$1');
  }
  for (const key of ['platform_admin_email', 'platform_admin_password', 'tenant_code', 'tenant_admin_email', 'tenant_admin_password']) {
    if (!values[key]) throw new Error(`${path}: no ${key}`);
  }
  return values;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

async function inBatches<T>(items: T[], width: number, run: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(run));
}

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

describe('demo flow (live)', { skip: FLEET_URL === undefined ? 'FLEET_URL is not set' : false }, () => {
  const run = Date.now().toString(36);
  let tenant: Fleet;
  let platform: Fleet;
  let creds: Record<string, string>;
  let tenantId: string;
  let accountId: string;
  let conversationId: string;
  let templateId: string;
  const received: Received[] = [];
  let receiver: Server;
  let receiverUrl: string;

  before(async () => {
    const path = process.env.FLEET_DEMO_CREDENTIALS;
    assert.ok(path, 'FLEET_DEMO_CREDENTIALS must name demo-credentials.toml');
    creds = readCredentials(path);
    tenant = new Fleet({ baseUrl: FLEET_URL!, email: creds.tenant_admin_email, password: creds.tenant_admin_password });
    platform = new Fleet({ baseUrl: FLEET_URL!, email: creds.platform_admin_email, password: creds.platform_admin_password });
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  });
  after(async () => {
    receiver?.closeAllConnections();
    await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
  });

  it('signs in as the tenant admin', async () => {
    await tenant.signIn();
    const current = await tenant.tenants.current();
    assert.equal(current.code, creds.tenant_code);
    tenantId = current.id;
  });

  it('creates a simulator account and logs it in with the QR code', async () => {
    const account = await tenant.accounts.create({ body: { account_name: `live-${run}`, connector: 'simulator' } });
    accountId = account.account_id;
    assert.equal(account.status, 'created');
    const login = await tenant.accounts.startLogin({ path: { id: accountId } });
    assert.equal(login.status, 'qr_wait');
    const dataUrl = login.qrcode_data_url ?? '';
    assert.match(dataUrl, /^data:image\/svg\+xml;base64,/);
    assert.match(Buffer.from(dataUrl.split(',')[1] ?? '', 'base64').toString('utf8'), /<svg/);
    // GET .../qrcode: the JSON QrCode by default ...
    const qr = await tenant.accounts.qrcode({ path: { id: accountId } });
    assert.equal(qr.account_id, accountId);
    assert.match(qr.data_url, /^data:image\/svg\+xml;base64,/);
    // ... and the SVG itself for `Accept: image/svg+xml` (through the SDK's authenticated client).
    const svg = await tenant.client.get({
      url: '/api/v1/accounts/{id}/qrcode',
      path: { id: accountId },
      headers: { Accept: 'image/svg+xml' },
      parseAs: 'text',
      throwOnError: true,
    });
    assert.match(svg.response.headers.get('content-type') ?? '', /^image\/svg\+xml/);
    assert.match(String(svg.data), /<svg/);
    await tenant.simulator.scan({ path: { id: accountId } });
    await tenant.simulator.confirm({ path: { id: accountId } });
    await until('the account to be online', async () => {
      const status = await tenant.accounts.status({ path: { id: accountId } });
      return status.status === 'online' ? status : undefined;
    });
  });

  it('lists its conversations', async () => {
    const page = await tenant.accounts.conversations({ path: { id: accountId } });
    assert.ok(page.items.length > 0);
    conversationId = page.items[0]!.conversation_id;
  });

  it('creates a text template with a variable', async () => {
    const template = await tenant.templates.create({
      body: {
        name: `welcome-${run}`,
        message_type: 'text',
        content: { text: 'Hello {{name}}!' },
        variables: [{ name: 'name', type: 'string', required: true }],
      },
    });
    templateId = template.template_id;
  });

  it('sends twice with one Idempotency-Key: one message, delivered', async () => {
    const key = `live-${run}-1`;
    const body = { account_id: accountId, conversation_id: conversationId, template_id: templateId, variables: { name: 'Li' } };
    const first = await tenant.withResponse(tenant.messages.send, { headers: { 'Idempotency-Key': key }, body });
    const second = await tenant.withResponse(tenant.messages.send, { headers: { 'Idempotency-Key': key }, body });
    assert.equal(first.status, 202);
    assert.equal(second.status, 202);
    assert.equal(second.data.message_id, first.data.message_id);
    assert.equal(first.replayed, false);
    assert.equal(second.replayed, true, 'the second answer carries Idempotent-Replayed: true');
    const message = await until('the message to be delivered', async () => {
      const m = await tenant.messages.get({ path: { id: first.data.message_id } });
      assert.notEqual(m.status, 'failed');
      return m.status === 'delivered' ? m : undefined;
    });
    assert.equal(message.message_type, 'text');
    assert.ok(message.attempt_log.length > 0, 'attempt_log lists the attempts');
    if (message.message_type === 'text') assert.equal(message.content.text, 'Hello Li!');
  });

  it('sends a batch with one refused row', async () => {
    const batch = await tenant.messages.batchSend({
      body: {
        account_id: accountId,
        messages: [
          { conversation_id: conversationId, template_id: templateId, variables: { name: 'Wang' } },
          { conversation_id: conversationId, template_id: templateId, variables: {} },
        ],
      },
    });
    assert.equal(batch.total_count, 2);
    assert.equal(batch.accepted_count, 1);
    assert.equal(batch.rejected.length, 1);
    assert.equal(batch.rejected[0]?.index, 1);
    assert.equal(batch.rejected[0]?.code, 'template_variables');
  });

  it('receives a signed webhook and verifies it', async () => {
    const endpoint = await tenant.webhooks.createEndpoint({
      body: { url: receiverUrl, event_types: ['account.status_changed'], description: `live ${run}` },
    });
    try {
      const { secret } = await tenant.webhooks.getSecret({ path: { id: endpoint.endpoint_id } });
      assert.match(secret, /^whsec_/);
      await tenant.simulator.disconnect({ path: { id: accountId } });
      const event = await until('an account.status_changed webhook', async () => {
        for (const r of received) {
          const verified = verifyWebhook(secret, r.headers, r.body);
          if (verified.type === 'account.status_changed' && verified.data.account_id === accountId) return verified;
        }
        return undefined;
      });
      assert.equal(event.data.old_status, 'online');
      // The event's id is the `webhook-id` header; the body has none.
      const delivery = received.find((r) => r.headers['webhook-id'] === event.id);
      assert.ok(delivery, 'the event id is the webhook-id header');
      assert.equal('id' in (JSON.parse(delivery.body) as object), false);
      assert.throws(() => verifyWebhook(secret, received[0]!.headers, `${received[0]!.body} `));
    } finally {
      await tenant.webhooks.deleteEndpoint({ path: { id: endpoint.endpoint_id } });
    }
  });

  it('creates, lists and deletes an alert rule', async () => {
    const name = `live_backlog_${run}`;
    const created = await tenant.alertRules.create({
      body: {
        rule: { name, metric: 'queue_backlog', aggregate: 'max', window: '5m', operator: '>', threshold: 1000, for: '1m', severity: 'warning' },
      },
    });
    const listed = [];
    for await (const rule of tenant.paginate(tenant.alertRules.list)) listed.push(rule.rule_id);
    assert.ok(listed.includes(created.rule_id));
    await tenant.alertRules.delete({ path: { id: created.rule_id } });
    await assert.rejects(tenant.alertRules.get({ path: { id: created.rule_id } }), NotFoundError);
  });

  it('pages through 250 accounts after the platform admin raises max_accounts', async () => {
    const before = await platform.tenants.get({ path: { id: tenantId } });
    const existing = (await tenant.accounts.list({ query: { size: 1 } })).total;
    await platform.tenants.update({ path: { id: tenantId }, body: { max_accounts: Math.max(300, existing + 250) } });
    const created: string[] = [];
    try {
      await inBatches(Array.from({ length: 250 }, (_, i) => i), 10, async (i) => {
        const a = await tenant.accounts.create({ body: { account_name: `bulk-${run}-${i}`, connector: 'simulator' } });
        created.push(a.account_id);
      });
      const ids = new Set<string>();
      for await (const account of tenant.paginate(tenant.accounts.list)) ids.add(account.account_id);
      assert.equal(created.length, 250);
      assert.equal(ids.size, existing + 250);
      for (const id of created) assert.ok(ids.has(id));
    } finally {
      await inBatches(created, 10, (id) => tenant.accounts.delete({ path: { id } }));
      await platform.tenants.update({ path: { id: tenantId }, body: { max_accounts: before.max_accounts } });
    }
  });

  it('throws typed errors: not_found, template_invalid', async () => {
    const missing = await tenant.accounts.get({ path: { id: 'acc_does_not_exist' } }).catch((e: unknown) => e);
    assert.ok(missing instanceof NotFoundError);
    assert.equal(missing.status, 404);
    assert.equal(missing.code, 'not_found');
    assert.ok(missing.requestId);

    const broken = await tenant.templates
      .create({ body: { name: `broken-${run}`, message_type: 'text', content: { text: 'Hello {{name' } } })
      .catch((e: unknown) => e);
    assert.ok(broken instanceof UnprocessableError);
    assert.equal(broken.status, 422);
    assert.equal(broken.code, 'template_invalid');
    assert.ok(Array.isArray(broken.details.problems));
  });

  it('throws RateLimitError quota_exceeded with retryAfter once the daily quota is used', async () => {
    const before = await platform.tenants.get({ path: { id: tenantId } });
    const usage = await tenant.messages.usage();
    const used = usage.days.at(-1)?.used ?? 0;
    await platform.tenants.update({ path: { id: tenantId }, body: { max_daily_messages: used } });
    try {
      const err = await tenant.messages
        .send({ body: { account_id: accountId, conversation_id: conversationId, template_id: templateId, variables: { name: 'Zhao' } } })
        .catch((e: unknown) => e);
      assert.ok(err instanceof RateLimitError, String(err));
      assert.equal(err.status, 429);
      assert.equal(err.code, 'quota_exceeded');
      assert.ok((err.retryAfter ?? 0) > 0);
      assert.equal(err.details.limit, used);
      assert.equal(err.details.used, used);
      assert.ok(err.details.resets_at);
    } finally {
      await platform.tenants.update({ path: { id: tenantId }, body: { max_daily_messages: before.max_daily_messages } });
    }
  });

  it('runs the quickstart', async () => {
    const script = resolve(here, '../../examples/quickstart.js');
    const result = await new Promise<{ code: number | null; out: string }>((done) => {
      const child = spawn(process.execPath, [script], {
        env: {
          ...process.env,
          FLEET_URL,
          FLEET_EMAIL: creds.tenant_admin_email,
          FLEET_PASSWORD: creds.tenant_admin_password,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', (code) => done({ code, out }));
    });
    assert.equal(result.code, 0, result.out);
    assert.match(result.out, /^scan this QR code: data:image\/svg\+xml;base64,\S+\.\.\.$/m);
    assert.match(result.out, /^waiting for a scan: quickstart-[0-9a-z]+$/m);
  });
});
