import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { Fleet, RESOURCE_METHODS } from '../../src/index.js';

describe('resources generated from the document', () => {
  const fleet = new Fleet({ baseUrl: 'http://127.0.0.1:9', apiKey: 'k' });

  it('every generated method is a bound function on its resource', () => {
    let count = 0;
    for (const [resource, methods] of Object.entries(RESOURCE_METHODS)) {
      const group = (fleet as unknown as Record<string, Record<string, unknown>>)[resource];
      assert.ok(group, `fleet.${resource}`);
      for (const method of methods) {
        assert.equal(typeof group[method], 'function', `fleet.${resource}.${method}`);
        count += 1;
      }
    }
    assert.ok(count > 0);
  });

  it('has the groups the conventions name', () => {
    for (const [resource, method] of [
      ['accounts', 'create'], ['accounts', 'list'], ['accounts', 'startLogin'], ['alertRules', 'list'],
      ['webhooks', 'createEndpoint'], ['messages', 'send'], ['auth', 'login'], ['auth', 'refresh'],
    ] as const) {
      assert.ok((RESOURCE_METHODS[resource] as readonly string[]).includes(method), `${resource}.${method}`);
    }
  });
});
