import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import { count, RawSql } from '../../src/database/raw-sql.js';
import { ADMIN, startApp, type TestApp } from '../support/app.js';
import { countQueries } from '../support/queries.js';

/**
 * RawSql on the application's own database: on SQLite a read outside a transaction runs on a
 * statement of its own (raw rows, records built in JS), everything else through TypeORM. Both
 * must give the same records, be logged, and fail the same way.
 */
describe('RawSql', () => {
  let t: TestApp;
  let sql: RawSql;

  beforeAll(async () => {
    t = await startApp();
    sql = new RawSql(t.dataSource);
  });

  afterAll(async () => {
    await t.close();
  });

  it('reads records keyed by the select list, booleans bound as the driver needs, the same outside and inside a transaction', async () => {
    const statement = 'SELECT email, role FROM user_account WHERE email = ? AND active = ?';
    const outside = await sql.all<{ email: string; role: string }>(statement, [ADMIN.email, true]);
    expect(outside).toEqual([{ email: ADMIN.email, role: 'secretariat' }]);
    expect(Object.keys(outside[0])).toEqual(['email', 'role']);
    const inside = await t.dataSource.transaction((em) => sql.all(statement, [ADMIN.email, true], em));
    expect(inside).toEqual(outside);
    expect(count((await sql.one<{ n: unknown }>('SELECT COUNT(*) AS n FROM user_account WHERE active = ?', [false]))?.n)).toBe(0);
  });

  it('logs each read, as the statement counts of the query-bounds test rely on', async () => {
    const counted = await countQueries(t, () => sql.all('SELECT id FROM user_account WHERE email = ?', [ADMIN.email]));
    expect(counted.statements).toEqual(['SELECT id FROM user_account WHERE email = ?'].map((s) => (sql.postgres ? s.replace('?', '$1') : s)));
  });

  it("fails with TypeORM's QueryFailedError, and a statement that writes still runs outside a transaction", async () => {
    await expect(sql.all('SELECT nothing FROM no_such_table')).rejects.toBeInstanceOf(QueryFailedError);
    await sql.all("UPDATE user_account SET name = name || '' WHERE email = ?", [ADMIN.email]);
    expect(await sql.one('SELECT email FROM user_account WHERE email = ?', [ADMIN.email])).toEqual({ email: ADMIN.email });
  });
});
