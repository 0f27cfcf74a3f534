// Configuration of @hey-api/openapi-ts, the generator of the low-level client in src/generated/.
// Deterministic on purpose: no formatter or linter post-processing (their versions would leak
// into the output), no timestamps, and the document path comes from FLEET_OPENAPI_DOCUMENT
// (set by scripts/generate-sdks.sh) or the repository's openapi/openapi.json.
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@hey-api/openapi-ts';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  input: process.env.FLEET_OPENAPI_DOCUMENT ?? `${here}../../openapi/openapi.json`,
  output: {
    path: process.env.FLEET_TS_GENERATED_DIR ?? `${here}src/generated`,
    clean: true,
    tsConfigPath: `${here}tsconfig.json`,
  },
  plugins: [
    // The fetch client, emitted into src/generated/client (no runtime dependency).
    '@hey-api/client-fetch',
    // Types of every schema, operation input and response (…Data, …Responses, …Errors).
    { name: '@hey-api/typescript' },
    // One standalone function per operation, named from its operationId.
    { name: '@hey-api/sdk', operations: 'flat' },
  ],
});
