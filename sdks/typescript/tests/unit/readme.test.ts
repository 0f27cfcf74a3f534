import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

describe('README', () => {
  it('shows examples/quickstart.ts verbatim', () => {
    const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
    const quickstart = readFileSync(resolve(root, 'examples/quickstart.ts'), 'utf8').trimEnd();
    assert.ok(readme.includes(`\`\`\`ts\n${quickstart}\n\`\`\``), 'README.md must contain examples/quickstart.ts verbatim');
  });
});
