import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import { classifyFault } from '../../src/common/faults.js';
import { count, RawSql } from '../../src/database/raw-sql.js';
import { TransactionRunner } from '../../src/database/transaction-runner.js';
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
  let tx: TransactionRunner;
  let probe = 0;
  /** A row of its own for each case (rate_limit: a key and two numbers). */
  const row = () => ({ table: 'rate_limit', rows: [{ key: `raw-sql-probe-${++probe}`, count: 1, resetAt: 0 }] });
  const stored = async (key: string) => (await sql.all('SELECT key FROM rate_limit WHERE key = ?', [key])).length;

  beforeAll(async () => {
    t = await startApp();
    // The application's own (a second instance names its statements apart: see the test below).
    sql = t.app.get(RawSql);
    // The application's own, so that its transactions are the ones RawSql began (BEGIN and COMMIT through it).
    tx = t.app.get(TransactionRunner);
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

  it('inserts one row per value with the same fixed columns in one statement whose text does not depend on the count (insertEach), none for no values', async () => {
    const owner = `raw-sql-each-${Date.now()}`;
    const tokens = (n: number) => Array.from({ length: n }, (_, k) => `${owner}-${String(k).padStart(2, '0')}`);
    const two = sql.insertEach('inquiry_prefix_token', { inquiryId: owner }, 'token', tokens(2))!;
    const five = sql.insertEach('inquiry_prefix_token', { inquiryId: `${owner}-b` }, 'token', tokens(5))!;
    expect(five.sql).toBe(two.sql);
    expect(sql.insertEach('inquiry_prefix_token', { inquiryId: owner }, 'token', [])).toBeNull();
    await tx.run((em) => sql.writeAll([two, five, null], em));
    const rows = (id: string) => sql.all<{ token: string }>('SELECT token FROM inquiry_prefix_token WHERE "inquiryId" = ? ORDER BY token', [id]);
    expect((await rows(owner)).map((r) => r.token)).toEqual(tokens(2));
    expect((await rows(`${owner}-b`)).map((r) => r.token)).toEqual(tokens(5));
    await sql.all('DELETE FROM inquiry_prefix_token WHERE "inquiryId" IN (?, ?)', [owner, `${owner}-b`]);
  });

  it('hands out the numbers of a counter in order, on PostgreSQL from a reserve taken `reserve` at a time (nextNumber), distinct when asked at once', async () => {
    const year = 1901;
    const counter = {
      sequence: `inquiry_reference_${year}`,
      startAfter: { sql: 'SELECT last AS n FROM reference_counter WHERE year = ?', params: [year] },
      sqliteNext: {
        sql: 'INSERT INTO reference_counter (year, last) VALUES (?, 1) ON CONFLICT (year) DO UPDATE SET last = reference_counter.last + 1 RETURNING last AS n',
        params: [year],
      },
      reserve: 4,
    };
    const one: number[] = [];
    for (let i = 0; i < 5; i++) one.push(await tx.run((em) => sql.nextNumber(counter, em)));
    expect(one).toEqual([1, 2, 3, 4, 5]);
    // Taken from the server twice (4 numbers each): the rest of the second reserve is this process's.
    if (sql.postgres) expect(count((await sql.one<{ n: unknown }>(`SELECT last_value AS n FROM ${counter.sequence}`))?.n)).toBe(8);
    const together = await Promise.all(Array.from({ length: 6 }, () => tx.run((em) => sql.nextNumber(counter, em))));
    expect(new Set(together).size).toBe(6);
    expect(Math.min(...together)).toBe(6);
  });

  describe("in the service's transactions", () => {
    it('answers statements awaited together (written in one go on PostgreSQL) each with its own rows, in order', async () => {
      const [a, b, c] = await tx.run((em) =>
        Promise.all([
          sql.all<{ n: unknown }>('SELECT 1 AS n', [], em),
          sql.all<{ email: string }>('SELECT email FROM user_account WHERE email = ?', [ADMIN.email], em),
          sql.all<{ n: unknown }>('SELECT 3 AS n', [], em),
        ]),
      );
      expect([count(a[0].n), b, count(c[0].n)]).toEqual([1, [{ email: ADMIN.email }], 3]);
    });

    it('gives a statement written with a failing one the failure that caused it, and commits nothing', async () => {
      const first = row();
      const key = first.rows[0].key;
      const failure = tx.run(async (em) => {
        await sql.writeAll([first], em);
        const [bad, after] = await Promise.allSettled([sql.all('SELECT nothing FROM no_such_table', [], em), sql.all('SELECT 1 AS n', [], em)]);
        expect(bad.status).toBe('rejected');
        // On PostgreSQL the second fails with the first (the transaction is aborted); SQLite runs it.
        if (sql.postgres) expect((after as PromiseRejectedResult).reason).toBe((bad as PromiseRejectedResult).reason);
        throw (bad as PromiseRejectedResult).reason;
      });
      await expect(failure).rejects.toBeInstanceOf(QueryFailedError);
      expect(await stored(key)).toBe(0);
    });

    it('runs a write sent ahead before the statement after it, which sees it', async () => {
      const write = row();
      const key = write.rows[0].key;
      const seen = await tx.run(async (em) => {
        await sql.writeAll([write, row()], em);
        return sql.all<{ key: string }>('SELECT key FROM rate_limit WHERE key = ?', [key], em);
      });
      expect(seen).toEqual([{ key }]);
      expect(await stored(key)).toBe(1);
    });

    it('sends a command whose only statement is a write sent ahead as that statement alone on PostgreSQL (no BEGIN, no COMMIT), all or nothing', async () => {
      const first = row();
      const counted = await countQueries(t, () => tx.run((em) => sql.writeAll([first, row()], em)));
      expect(await stored(first.rows[0].key)).toBe(1);
      expect(counted.statements.length).toBeGreaterThan(0);
      if (sql.postgres) expect(counted.statements.filter((s) => /^(BEGIN|COMMIT)$/.test(s))).toEqual([]);
      // Two writes sent ahead still go in one transaction, begun and committed.
      const twice = await countQueries(t, () =>
        tx.run(async (em) => {
          await sql.writeAll([row(), row()], em);
          await sql.writeAll([row(), row()], em);
        }),
      );
      if (sql.postgres) expect(twice.statements.filter((s) => /^(BEGIN|COMMIT)$/.test(s))).toEqual(['BEGIN', 'COMMIT']);
    });

    it('fails the command whole when a write sent ahead fails: thrown by the next statement, or by the commit', async () => {
      const taken = row();
      await tx.run((em) => sql.writeAll([taken, row()], em));
      // The same key again: the second write's insert is refused (unique), and its first insert with it.
      const again = { table: 'rate_limit', rows: taken.rows };
      for (const next of ['statement', 'commit'] as const) {
        const fresh = row();
        const command = tx.run(async (em) => {
          await sql.writeAll([fresh, again], em);
          if (next === 'statement') await sql.all('SELECT 1 AS n', [], em);
          return 'done';
        });
        await expect(command).rejects.toBeInstanceOf(QueryFailedError);
        expect(await stored(fresh.rows[0].key)).toBe(0);
      }
      // And the connection is clean for the next command.
      const later = row();
      await tx.run((em) => sql.writeAll([later, row()], em));
      expect(await stored(later.rows[0].key)).toBe(1);
    });
  });

  it('lets two instances on one pool name their statements apart: each runs its own text, by name, on the same connections', async () => {
    // Two fresh instances beside the application's: each names the statements it runs twice.
    const [a, b] = [new RawSql(t.dataSource), new RawSql(t.dataSource)];
    for (let n = 0; n < 4; n++) {
      expect(await a.all('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      expect(await b.all('SELECT 2 AS two')).toEqual([{ two: 2 }]);
      expect(await sql.all('SELECT 3 AS three')).toEqual([{ three: 3 }]);
      // Several at once: each on a connection of its own, so that every connection has seen each name.
      const together = await Promise.all(Array.from({ length: 6 }, (_, i) => [a, b, sql][i % 3].all(`SELECT ${(i % 3) + 1} AS n`)));
      expect(together.map((rows) => rows[0])).toEqual(Array.from({ length: 6 }, (_, i) => ({ n: (i % 3) + 1 })));
    }
  });

  it("reads on after a schema change altered a prepared statement's result (another instance's migration): at once outside a transaction, a busy fault inside one", async () => {
    const statement = 'SELECT v FROM raw_sql_probe WHERE k = ?';
    await t.dataSource.query('CREATE TABLE raw_sql_probe (k integer, v integer)');
    try {
      await t.dataSource.query('INSERT INTO raw_sql_probe (k, v) VALUES (1, 7)');
      // Run enough times to be prepared by name (from the second run on PostgreSQL) on the pool's
      // most recently used connection, which the next statement outside a transaction takes again.
      for (let n = 0; n < 3; n++) expect(await sql.all(statement, [1])).toEqual([{ v: 7 }]);
      await t.dataSource.query(sql.postgres ? 'ALTER TABLE raw_sql_probe ALTER COLUMN v TYPE text' : 'ALTER TABLE raw_sql_probe ADD COLUMN w integer');
      const expected = sql.postgres ? '7' : 7;
      expect(await sql.all(statement, [1])).toEqual([{ v: expected }]);
      expect(await sql.all(statement, [1])).toEqual([{ v: expected }]);
      if (!sql.postgres) return;
      // Inside a transaction the stale plan aborts it: answered as a busy database (503, retry).
      const other = 'SELECT v, k FROM raw_sql_probe WHERE k = ?';
      const inTransaction = () => t.dataSource.transaction((em) => sql.all(other, [1], em));
      await inTransaction();
      await inTransaction();
      await t.dataSource.query('ALTER TABLE raw_sql_probe ALTER COLUMN v TYPE integer USING v::integer');
      const outcomes = await Promise.allSettled(Array.from({ length: 4 }, () => inTransaction()));
      for (const o of outcomes) if (o.status === 'rejected') expect([String(o.reason), classifyFault(o.reason)]).toEqual([String(o.reason), 'busy']);
      expect(outcomes.some((o) => o.status === 'rejected')).toBe(true);
      expect(await inTransaction()).toEqual([{ v: 7, k: 1 }]);
    } finally {
      await t.dataSource.query('DROP TABLE raw_sql_probe');
    }
  });
});
