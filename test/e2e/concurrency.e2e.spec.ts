import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loginAdmin, uniqueEmail } from '../support/actors.js';
import { startApp, type TestApp } from '../support/app.js';

/**
 * Parallel commands all succeed and all land: on SQLite this proves the transaction queue (two
 * interleaved transactions on its one connection would fail), on PostgreSQL the pool.
 */
describe('concurrent writes', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startApp();
    admin = await loginAdmin(t);
  });
  afterAll(() => t.close());

  it('creates 20 organisations sent at once', async () => {
    const before = (await t.http.get('/api/v1/organizations', admin)).body.total as number;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => t.http.post('/api/v1/organizations', { name: `Parallel ministry ${i}`, country: 'XB', kind: 'government' }, admin)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    const list = await t.http.get('/api/v1/organizations?limit=100', admin);
    expect(list.body.total).toBe(before + 20);
    const listed = new Set(list.body.items.map((o: { id: string }) => o.id));
    expect(results.filter((r) => !listed.has(r.body.id))).toEqual([]);
  });

  it('creates 20 users (each with its invitation) sent at once', async () => {
    const before = (await t.http.get('/api/v1/users?role=expert', admin)).body.total as number;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => t.http.post('/api/v1/users', { email: uniqueEmail(`parallel${i}`), name: `Parallel ${i}`, role: 'expert' }, admin)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    const list = await t.http.get('/api/v1/users?role=expert&limit=100', admin);
    expect(list.body.total).toBe(before + 20);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(20);
  });
});
