#!/usr/bin/env node
// Writes src/resources.ts — the SDK's resource groups — from the OpenAPI document and the SDK
// functions @hey-api/openapi-ts generated from it (src/generated/sdk.gen.ts), so the methods
// never drift from the document:
//
//   resource = the operation's tag in camelCase          (AlertRules -> fleet.alertRules)
//   method   = operationId minus `{tag_snake}_`, camelCase (alert_rules_list -> .list)
//
// Each method delegates to the generated function of that operation (found by its HTTP method
// and path in sdk.gen.ts) with the generated `…Data` options and `…Responses` result types.
// Also derived from the document: `ApiErrorCode`, `ApiErrorDetails` (from the `ApiError` schema)
// and `WebhookEvent` (the document's union, or a local interface when it has none).
//
// Output is deterministic: document order, no dates, no versions. Problems that would make
// the SDK wrong (an operation without a tag, a name used twice, a generated function that
// cannot be found) are errors; operations without an operationId (the old document) get a
// fallback name and a warning on stderr.
//
// Usage: node codegen/resources.mjs <openapi.json> <src/generated/sdk.gen.ts> <src/resources.ts>
import { readFileSync, writeFileSync } from 'node:fs';

const [, , docPath, sdkPath, outPath] = process.argv;
if (!docPath || !sdkPath || !outPath) {
  console.error('usage: resources.mjs <openapi.json> <sdk.gen.ts> <resources.ts>');
  process.exit(2);
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
// Members of the `Fleet` class a resource must not shadow.
const RESERVED = new Set(['client', 'paginate', 'constructor', 'transport', 'signIn', 'signOut', 'tokens']);

const errors = [];
const warnings = [];

/** Words of an identifier: `AlertRules`, `alert_rules`, `alert-rules`, `apiKeys` -> [alert, rules]. */
const words = (s) =>
  s
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
const camel = (s) => words(s).map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join('');
const pascal = (s) => words(s).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
const snake = (s) => words(s).join('_');
const jsdoc = (text, indent) => {
  const lines = text.replace(/\*\//g, '*\\/').split('\n');
  return [`${indent}/**`, ...lines.map((l) => `${indent} *${l ? ` ${l}` : ''}`), `${indent} */`].join('\n');
};

const doc = JSON.parse(readFileSync(docPath, 'utf8'));
/** A `$ref` within the document, followed. */
const resolveRef = (node) => {
  if (typeof node?.$ref !== 'string' || !node.$ref.startsWith('#/')) return node;
  return node.$ref.slice(2).split('/').reduce((at, part) => at?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
};
const sdkSource = readFileSync(sdkPath, 'utf8');

// The generated functions: name, whether options are optional, `…Data` and `…Responses`
// types, HTTP method and URL.
const generated = new Map();
const header =
  /^(\w+) = <ThrowOnError extends boolean = false>\(options(\??): Options<(\w+), ThrowOnError>\) => \(options\??\.client \?\? client\)\.(\w+)<(\w+), (\w+), ThrowOnError>\(/;
for (const chunk of sdkSource.split(/^export const /m).slice(1)) {
  // Event streams (`client.sse`) are left to the generated function, an async iterator.
  if (/\)\.sse\.\w+</.test(chunk)) continue;
  const m = header.exec(chunk);
  const url = /url: '([^']+)'/.exec(chunk)?.[1];
  if (!m || !url) {
    errors.push(`sdk.gen.ts: cannot read the function ${chunk.slice(0, chunk.indexOf(' '))}`);
    continue;
  }
  const [, fn, optional, dataType, method, responsesType] = m;
  generated.set(`${method.toUpperCase()} ${url}`, { fn, optional: optional === '?', dataType, responsesType });
}
const streamCount = [...sdkSource.matchAll(/\)\.sse\.\w+</g)].length;
const exportedCount = [...sdkSource.matchAll(/^export const \w+ = </gm)].length - streamCount;
if (exportedCount !== generated.size) {
  errors.push(`sdk.gen.ts: understood ${generated.size} of its ${exportedCount} functions (has @hey-api/openapi-ts changed its output?)`);
}

// Operations in document order, grouped by tag (first appearance decides the group order).
const resources = new Map();
let operationCount = 0;
for (const [path, item] of Object.entries(doc.paths ?? {})) {
  for (const method of METHODS) {
    const op = item[method];
    if (!op) continue;
    // An event stream is no request/answer method: its generated function (`sdk.gen.ts`,
    // e.g. `eventsStream`) returns an async iterator of the events.
    if (op.responses?.['200']?.content?.['text/event-stream']) continue;
    operationCount += 1;
    const where = `${method.toUpperCase()} ${path}`;
    const tag = op.tags?.[0];
    if (!tag) {
      errors.push(`${where}: no tag, so no resource`);
      continue;
    }
    if (op.tags.length > 1) warnings.push(`${where}: ${op.tags.length} tags; the resource is the first, ${tag}`);
    const gen = generated.get(where);
    if (!gen) {
      errors.push(`${where}: no generated function in sdk.gen.ts`);
      continue;
    }
    let name;
    if (op.operationId) {
      const prefix = `${snake(tag)}_`;
      if (op.operationId.startsWith(prefix) && op.operationId.length > prefix.length) {
        name = camel(op.operationId.slice(prefix.length));
      } else {
        warnings.push(`${where}: operationId ${op.operationId} does not start with ${prefix}; method named ${camel(op.operationId)}`);
        name = camel(op.operationId);
      }
    } else {
      warnings.push(`${where}: no operationId; method named after the generated function, ${gen.fn}`);
      name = gen.fn;
    }
    const resource = camel(tag);
    if (!resources.has(resource)) resources.set(resource, { tag, className: `${pascal(tag)}Resource`, methods: [] });
    const group = resources.get(resource);
    if (group.methods.some((m) => m.name === name)) errors.push(`${where}: ${resource}.${name} is defined twice`);
    group.methods.push({ name, where, op, ...gen });
  }
}
for (const resource of resources.keys()) {
  if (RESERVED.has(resource)) errors.push(`tag ${resources.get(resource).tag}: fleet.${resource} is taken by the Fleet class`);
}
if (operationCount === 0) errors.push('the document has no operations');

const schemas = doc.components?.schemas ?? {};
const typeNames = new Set([...readFileSync(sdkPath.replace(/sdk\.gen\.ts$/, 'types.gen.ts'), 'utf8').matchAll(/^export type (\w+)/gm)].map((m) => m[1]));
// The one error schema every error response uses (`ApiError`; older drafts said `Error`).
const errorTypeName = ['ApiError', 'Error', 'ErrorBody'].find((name) => schemas[name] !== undefined);
const errorSchema = errorTypeName === undefined ? undefined : schemas[errorTypeName];

const out = [];
out.push('// This file is generated by codegen/resources.mjs from the OpenAPI document. Do not edit.');
out.push('// Resource = the operation\'s tag (camelCase); method = operationId minus the tag prefix.');
out.push('');
out.push("import * as sdk from './generated/sdk.gen.js';");
out.push("import type * as types from './generated/types.gen.js';");
out.push("import type { CallOptions, Invoker } from './invoker.js';");
out.push('');

// Error code and details, as the document names them.
if (errorTypeName && typeNames.has(errorTypeName)) {
  const codeIsEnum = errorSchema?.properties?.code?.$ref || errorSchema?.properties?.code?.enum;
  out.push('/** The error codes the document lists; unknown codes are tolerated (`string`). */');
  out.push(codeIsEnum
    ? `export type ApiErrorCode = types.${errorTypeName}['code'] | (string & {});`
    : 'export type ApiErrorCode = string;');
  out.push('/** The `details` of an error, as the document describes them. */');
  out.push(errorSchema?.properties?.details
    ? `export type ApiErrorDetails = NonNullable<types.${errorTypeName}['details']> & { [key: string]: unknown };`
    : 'export type ApiErrorDetails = { [key: string]: unknown };');
} else {
  out.push('export type ApiErrorCode = string;');
  out.push('export type ApiErrorDetails = { [key: string]: unknown };');
}
out.push('');

// Webhook events.
if (schemas.WebhookEvent && typeNames.has('WebhookEvent')) {
  out.push('/** A verified webhook: the document\'s `WebhookEvent` union with the `webhook-id` as `id`. */');
  out.push('export type WebhookEvent = types.WebhookEvent & { id: string };');
} else {
  out.push('/** A verified webhook (the document publishes no `WebhookEvent` schema yet). */');
  out.push('export interface WebhookEvent {');
  out.push('  /** The `webhook-id` header: the same on every attempt of one event. */');
  out.push('  id: string;');
  out.push('  type: string;');
  out.push('  timestamp: string;');
  out.push('  data: { [key: string]: unknown };');
  out.push('}');
}
out.push('');

for (const [, group] of resources) {
  out.push(jsdoc(`Operations tagged \`${group.tag}\`.`, ''));
  out.push(`export class ${group.className} {`);
  out.push('  constructor(private readonly invoker: Invoker) {}');
  for (const m of group.methods) {
    out.push('');
    const summary = [m.op.summary, m.op.description].filter(Boolean).join('\n\n');
    const idNote = m.op.operationId ? ` (\`${m.op.operationId}\`)` : '';
    out.push(jsdoc(`${summary ? `${summary}\n\n` : ''}\`${m.where}\`${idNote}${m.op.deprecated ? '\n\n@deprecated' : ''}`, '  '));
    const result = `types.${m.responsesType}[keyof types.${m.responsesType}]`;
    out.push(`  readonly ${m.name} = (options${m.optional ? '?' : ''}: CallOptions<types.${m.dataType}>): Promise<${result}> =>`);
    out.push(`    this.invoker.call(sdk.${m.fn}, options);`);
  }
  out.push('}');
  out.push('');
}

out.push('/** Every resource group, one property per tag of the document. */');
out.push('export abstract class FleetResources {');
for (const [name, group] of resources) {
  out.push(jsdoc(`Operations tagged \`${group.tag}\`.`, '  '));
  out.push(`  readonly ${name}: ${group.className};`);
}
out.push('');
out.push('  protected constructor(invoker: Invoker) {');
for (const [name, group] of resources) out.push(`    this.${name} = new ${group.className}(invoker);`);
out.push('  }');
out.push('}');
out.push('');
// The operations that declare the `Idempotency-Key` header: the server answers a repeat with
// the same key with the first answer, so they may be re-sent after an ambiguous failure.
const idempotentRoutes = [];
for (const [path, item] of Object.entries(doc.paths ?? {})) {
  for (const method of METHODS) {
    const op = item[method];
    if (!op) continue;
    const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(resolveRef);
    if (params.some((p) => p?.in === 'header' && String(p.name).toLowerCase() === 'idempotency-key')) {
      idempotentRoutes.push(`${method.toUpperCase()} ${path}`);
    }
  }
}
out.push('/** The operations that honour `Idempotency-Key` (a repeat answers the first answer), as "METHOD /path". */');
out.push(`export const IDEMPOTENT_ROUTES: readonly string[] = [${idempotentRoutes.map((r) => `'${r}'`).join(', ')}];`);
out.push('');

out.push('/** The resource groups and their methods, as generated (used by tests and tools). */');
out.push('export const RESOURCE_METHODS = {');
for (const [name, group] of resources) {
  out.push(`  ${name}: [${group.methods.map((m) => `'${m.name}'`).join(', ')}],`);
}
out.push('} as const;');
out.push('');

for (const w of warnings) console.error(`resources: warning: ${w}`);
if (errors.length) {
  for (const e of errors) console.error(`resources: error: ${e}`);
  process.exit(1);
}
writeFileSync(outPath, out.join('\n'));
console.error(`resources: ${operationCount} operations in ${resources.size} resources -> ${outPath}`);
