import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { IsNull } from 'typeorm';
import { User } from '../../src/identity/user.entity.js';
import { startApp, type TestApp } from '../support/app.js';

/**
 * A where value of undefined or null is a bug that would otherwise match every row (and hand one
 * user another's data): the DataSource is set to refuse it.
 */
describe('undefined and null in where clauses', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('rejects undefined', async () => {
    const users = t.dataSource.getRepository(User);
    await expect(users.findOneBy({ id: undefined as unknown as string })).rejects.toThrow();
    await expect(users.findBy({ email: undefined as unknown as string })).rejects.toThrow();
    await expect(users.countBy({ role: undefined as unknown as 'expert' })).rejects.toThrow();
  });

  it('rejects null', async () => {
    const users = t.dataSource.getRepository(User);
    await expect(users.findOneBy({ email: null as unknown as string })).rejects.toThrow();
    await expect(users.findBy({ organizationId: null as unknown as string })).rejects.toThrow();
  });

  it('still answers real values and IsNull()', async () => {
    const users = t.dataSource.getRepository(User);
    const admin = await users.findOneBy({ email: 'admin@example.org' });
    expect(admin?.role).toBe('secretariat');
    expect(await users.countBy({ organizationId: IsNull() })).toBe(1);
  });
});
