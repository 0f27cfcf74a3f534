import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { Fleet, PAGE_SIZE } from '../../src/index.js';
import { FAST, Stub, json } from './stub.js';

describe('paginate', () => {
  const stub = new Stub();
  before(() => stub.start());
  after(() => stub.stop());
  const accounts = Array.from({ length: 250 }, (_, i) => ({ account_id: `acc_${i}`, status: 'online' }));

  it('iterates 250 items over 2 pages of 200', async () => {
    stub.on((req) => {
      const page = Number(req.query.get('page') ?? 1);
      const size = Number(req.query.get('size') ?? 20);
      return json({ items: accounts.slice((page - 1) * size, page * size), total: accounts.length, page, size });
    });
    const fleet = new Fleet({ baseUrl: stub.baseUrl, apiKey: 'k', retry: FAST });
    const seen: string[] = [];
    for await (const account of fleet.paginate(fleet.accounts.list, { query: { status: 'online' } })) {
      seen.push(account.account_id);
    }
    assert.equal(seen.length, 250);
    assert.deepEqual(seen, accounts.map((a) => a.account_id));
    assert.equal(stub.seen.length, 2);
    assert.deepEqual(stub.seen.map((s) => [s.query.get('page'), s.query.get('size'), s.query.get('status')]), [
      ['1', String(PAGE_SIZE), 'online'],
      ['2', String(PAGE_SIZE), 'online'],
    ]);
  });

  it('stops at an empty page even when total says more', async () => {
    stub.on((req) => {
      const page = Number(req.query.get('page'));
      return json({ items: page <= 2 ? accounts.slice(0, 200) : [], total: 10_000, page, size: 200 });
    });
    const fleet = new Fleet({ baseUrl: stub.baseUrl, apiKey: 'k', retry: FAST });
    let n = 0;
    for await (const _ of fleet.paginate(fleet.accounts.list)) n += 1;
    assert.equal(n, 400);
    assert.equal(stub.seen.length, 3);
  });

  it('works for list operations with a path (accounts.history)', async () => {
    stub.on((req) => json({ items: [{ to: req.path }], total: 1, page: 1, size: 200 }));
    const fleet = new Fleet({ baseUrl: stub.baseUrl, apiKey: 'k', retry: FAST });
    const items = [];
    for await (const change of fleet.paginate(fleet.accounts.history, { path: { id: 'acc_9' } })) items.push(change);
    assert.equal(items.length, 1);
    assert.equal(stub.seen[0]?.path, '/api/v1/accounts/acc_9/history');
  });
});
