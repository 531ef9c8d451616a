import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';

/**
 * The migrations and the entities describe the same schema: after the migrations have run, TypeORM
 * finds nothing to change. A failure lists the SQL that `synchronize` would run, i.e. the drift.
 */
describe('schema drift', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it(`finds nothing to synchronise after the migrations (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`, async () => {
    expect(t.dataSource.migrations.length).toBeGreaterThan(0);
    expect(await t.dataSource.showMigrations()).toBe(false);
    const pending = await t.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });
});
