// @wecom-fleet/sdk — the TypeScript SDK of WeCom Fleet.
export { Fleet } from './fleet.js';
export type { ApiResponse, FleetOptions } from './fleet.js';
export {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  FleetConnectionError,
  FleetError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  ServiceUnavailableError,
  UnprocessableError,
} from './errors.js';
export type { FleetErrorInit } from './errors.js';
export { PAGE_SIZE } from './paginate.js';
export type { Page } from './paginate.js';
export type { RetryInfo } from './retry.js';
export { signWebhook, verifyWebhook, WebhookVerificationError } from './webhooks.js';
export type { VerifyWebhookOptions, WebhookHeaders } from './webhooks.js';
export type { CallOptions } from './invoker.js';
export { RESOURCE_METHODS } from './resources.js';
export type { ApiErrorCode, ApiErrorDetails, WebhookEvent } from './resources.js';
export * from './resources.js';
// Every schema and operation type of the document (Account, TokenPair, AccountsCreateData, …).
export type * from './generated/types.gen.js';
