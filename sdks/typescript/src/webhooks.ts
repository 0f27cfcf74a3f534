// Verifying the webhooks the service sends, per Standard Webhooks: headers `webhook-id`,
// `webhook-timestamp` (Unix seconds) and `webhook-signature` (space-separated `v1,<base64>`
// entries — two during a secret rotation), an HMAC-SHA256 over `{id}.{timestamp}.{body}` with
// the base64-decoded key of the `whsec_` secret, compared in constant time.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookEvent } from './resources.js';

export class WebhookVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookVerificationError';
  }
}

export interface VerifyWebhookOptions {
  /** How far the timestamp may be from now, in seconds (default 300). */
  toleranceSeconds?: number;
  /** The current time in ms (default Date.now()); for tests. */
  now?: number;
}

/** Headers as Node's `IncomingHttpHeaders`, a plain object, or fetch `Headers`. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value.join(' ') : value;
}

/** The HMAC key of a `whsec_…` secret (a bare base64 key is accepted too). */
export function webhookSecretKey(secret: string): Buffer {
  const encoded = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  const key = Buffer.from(encoded, 'base64');
  if (key.length === 0) throw new WebhookVerificationError('the webhook secret is empty or not base64');
  return key;
}

/** The `v1,<base64>` signature of a body (what the service sends). */
export function signWebhook(secret: string, id: string, timestamp: number, body: string | Uint8Array): string {
  const hmac = createHmac('sha256', webhookSecretKey(secret));
  hmac.update(`${id}.${timestamp}.`);
  hmac.update(body);
  return `v1,${hmac.digest('base64')}`;
}

/**
 * Checks a webhook's signature and timestamp and returns its event (the body, with the
 * `webhook-id` as `id`). Pass the body exactly as received (the raw string or bytes).
 * Throws WebhookVerificationError when anything is wrong.
 */
export function verifyWebhook(
  secret: string,
  headers: WebhookHeaders,
  body: string | Uint8Array,
  { toleranceSeconds = 300, now = Date.now() }: VerifyWebhookOptions = {},
): WebhookEvent {
  const id = header(headers, 'webhook-id');
  const timestampText = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestampText || !signatures) {
    throw new WebhookVerificationError('missing webhook-id, webhook-timestamp or webhook-signature header');
  }
  if (!/^\d+$/.test(timestampText.trim())) throw new WebhookVerificationError('invalid webhook-timestamp');
  const timestamp = Number(timestampText.trim());
  const nowSeconds = Math.floor(now / 1000);
  if (nowSeconds - timestamp > toleranceSeconds) throw new WebhookVerificationError('webhook timestamp too old');
  if (timestamp - nowSeconds > toleranceSeconds) throw new WebhookVerificationError('webhook timestamp in the future');

  const expected = Buffer.from(signWebhook(secret, id, timestamp, body).slice('v1,'.length), 'base64');
  let matched = false;
  for (const entry of signatures.split(' ')) {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue;
    const candidate = Buffer.from(entry.slice(comma + 1), 'base64');
    // Every entry is compared (no early exit on a match), each in constant time.
    if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) matched = true;
  }
  if (!matched) throw new WebhookVerificationError('no matching webhook signature');

  let event: unknown;
  try {
    event = JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
  } catch {
    throw new WebhookVerificationError('the webhook body is not JSON');
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new WebhookVerificationError('the webhook body is not a JSON object');
  }
  return { ...(event as object), id } as WebhookEvent;
}
