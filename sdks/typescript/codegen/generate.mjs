#!/usr/bin/env node
// Regenerates everything in the TypeScript SDK that comes from the OpenAPI document:
//
//   1. src/generated/   @hey-api/openapi-ts (openapi-ts.config.mjs): types, SDK functions, fetch client
//   2. src/resources.ts codegen/resources.mjs: resource groups from tags and operationIds
//   3. check/openapi-typescript/schema.d.ts  openapi-typescript: the second generator, only compiled
//
// The document is FLEET_OPENAPI_DOCUMENT, or the repository's openapi/openapi.json. Any warning
// a generator prints fails the run (exit 1) unless --allow-warnings is given. Output is
// byte-identical from run to run (no formatter, no dates, no versions).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const document = resolve(process.env.FLEET_OPENAPI_DOCUMENT ?? resolve(root, '../../openapi/openapi.json'));
const allowWarnings = process.argv.includes('--allow-warnings');
const env = { ...process.env, FLEET_OPENAPI_DOCUMENT: document, NO_COLOR: '1', FORCE_COLOR: '0' };

const WARNING = /warn|⚠|❗|🚨|deprecat/i;
const warnings = [];

function run(label, args, cwd = root) {
  const result = spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8' });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  process.stderr.write(output.replace(/\u001b\[[0-9;]*m/g, ''));
  if (result.status !== 0) {
    console.error(`generate: ${label} failed (exit ${result.status})`);
    process.exit(1);
  }
  for (const line of output.replace(/\u001b\[[0-9;]*m/g, '').split('\n')) {
    if (WARNING.test(line)) warnings.push(`${label}: ${line.trim()}`);
  }
}

console.error(`generate: from ${document}`);
run('@hey-api/openapi-ts', [
  'node_modules/@hey-api/openapi-ts/bin/run.js',
  '--file', 'openapi-ts.config.mjs',
  '--no-log-file',
]);
run('codegen/resources.mjs', [
  'codegen/resources.mjs', document, 'src/generated/sdk.gen.ts', 'src/resources.ts',
]);
mkdirSync(resolve(root, 'check/openapi-typescript'), { recursive: true });
// Run from check/ so that it validates with its own defaults, not with ../redocly.yaml (the
// `recommended` style lint of `npm run lint:openapi`, which it would pick up from its cwd).
run('openapi-typescript', [
  resolve(root, 'node_modules/openapi-typescript/bin/cli.js'),
  document,
  '--output', 'openapi-typescript/schema.d.ts',
], resolve(root, 'check'));

if (warnings.length > 0) {
  console.error(`generate: ${warnings.length} warning(s):`);
  for (const w of warnings) console.error(`  ${w}`);
  if (!allowWarnings) {
    console.error('generate: failing on generator warnings (fix the document, or pass --allow-warnings to look around)');
    process.exit(1);
  }
}
console.error('generate: done');
