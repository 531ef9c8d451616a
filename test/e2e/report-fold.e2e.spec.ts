import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { createApp } from '../../src/app.factory.js';
import { FOLD_DAYS, ReportTallies } from '../../src/reports/report-tallies.js';
import { BENCH_PASSWORD, Seeder } from '../bench/seed.js';
import { startApp, type TestApp } from '../support/app.js';
import { HttpClient } from '../support/http.js';
import { freePort, serviceEnv, sleep } from '../support/processes.js';
import { killServerProcesses, startServerProcess, type ServerProcess } from '../support/server-process.js';

/** Inquiries seeded: about 35 days of intake and their closures up to 64 days later, some 100 days to fold. */
const SIZE = 10_000;
const SECRETARIAT = 'bench.secretariat@example.org';

/**
 * The report tallies after a migration empties them and logs every day to fold again (as
 * 1769700000000-ReportCoarseDurations did): the backlog is folded a few days per transaction, by
 * a report or by two instances at once, or in a process killed half-way and then by the next one;
 * whatever the path, the tallies end exactly as a fold from scratch leaves them, and the report
 * reads the same figures.
 */
describe('report tallies: a long backlog folded a few days per transaction', () => {
  let t: TestApp;
  let tallies: ReportTallies;
  let period: string;
  /** The tallies as a fold of the whole backlog left them, to compare every other path with. */
  let folded: string[];
  let report: unknown;

  const query = <T>(sql: string) => t.dataSource.query(sql) as Promise<T[]>;
  const tallyRows = async () =>
    (await query<{ dimension: string; day: string; key: string; n: unknown }>('SELECT dimension, day, key, n FROM report_tally ORDER BY dimension, day, key')).map(
      (r) => `${r.dimension} ${r.day} ${r.key} ${Number(r.n)}`,
    );
  const dirtyDays = async () => Number((await query<{ n: unknown }>('SELECT COUNT(DISTINCT day) AS n FROM report_dirty'))[0].n);
  /** What the migration does: no tallies, every day an inquiry came in or was closed logged. */
  const refoldAll = async () => {
    await query('DELETE FROM report_tally');
    await query(
      `INSERT INTO report_dirty (day) SELECT d FROM (SELECT substr("createdAt", 1, 10) AS d FROM inquiry UNION SELECT substr("closedAt", 1, 10) FROM inquiry) days WHERE d IS NOT NULL ORDER BY d`,
    );
    return dirtyDays();
  };
  const login = async (http: HttpClient) => {
    const res = await http.post('/api/v1/auth/login', { email: SECRETARIAT, password: BENCH_PASSWORD });
    expect(res.status).toBe(200);
    return res.body.token as string;
  };
  const readReport = async () => {
    const res = await t.http.get(`/api/v1/reports?${period}`, await login(t.http));
    expect(res.status).toBe(200);
    return res.body;
  };
  /** Every block and month roll-up is the sum of its days. */
  const rollUpsAdd = async () => {
    const sums = new Map<string, number>();
    const rows = await tallyRows();
    for (const row of rows) {
      const [dimension, day, key, n] = row.split(' ');
      if (!/^\d/.test(day)) continue;
      const d = Number(day.slice(8, 10));
      const rollUps = [`M${day.slice(0, 7)}`, ...(d <= 28 ? [`B${day.slice(0, 7)}w${Math.ceil(d / 7)}`] : [])];
      for (const r of rollUps) sums.set(`${dimension} ${r} ${key}`, (sums.get(`${dimension} ${r} ${key}`) ?? 0) + Number(n));
    }
    const kept = rows.filter((r) => !/^\d/.test(r.split(' ')[1])).sort();
    expect(kept).toEqual([...sums].map(([k, n]) => `${k} ${n}`).sort());
  };

  beforeAll(async () => {
    t = await startApp();
    tallies = t.app.get(ReportTallies);
    await new Seeder(t.app).growTo(SIZE, () => undefined);
    const [{ first, last }] = await query<{ first: string; last: string }>('SELECT MIN("createdAt") AS first, MAX("createdAt") AS last FROM inquiry');
    period = `from=${first.slice(0, 10)}&to=${last.slice(0, 10)}`;
  }, 240_000);
  afterAll(async () => {
    await killServerProcesses();
    await t?.close();
  });

  it('folds a backlog of many days a few days per transaction, each day once, the roll-ups the sums of their days', async () => {
    const days = await refoldAll();
    expect(days).toBeGreaterThan(5 * FOLD_DAYS);
    const stats = await tallies.refresh();
    expect(stats.days).toBe(days);
    expect(stats.transactions).toBeGreaterThanOrEqual(Math.ceil(days / FOLD_DAYS));
    expect(stats.transactions).toBeLessThanOrEqual(Math.ceil(days / FOLD_DAYS) + 1);
    expect(await dirtyDays()).toBe(0);
    folded = await tallyRows();
    await rollUpsAdd();
    // Nothing logged: one statement, no transaction.
    expect(await tallies.refresh()).toEqual({ transactions: 0, days: 0, longestMs: 0 });
    report = await readReport();
    // Counted from the inquiry rows themselves.
    const [{ received, closed }] = await query<{ received: unknown; closed: unknown }>(
      `SELECT (SELECT COUNT(*) FROM inquiry) AS received, (SELECT COUNT(*) FROM inquiry WHERE "closedAt" < (SELECT MAX("createdAt") FROM inquiry)) AS closed`,
    );
    expect((report as { received: { value: number } }).received.value).toBe(Number(received));
    expect(Number(closed)).toBeGreaterThan(0);
  }, 120_000);

  it('answers a report asked for while the whole backlog waits with the very figures of a fold from scratch', async () => {
    await refoldAll();
    expect(await readReport()).toEqual(report);
    expect(await dirtyDays()).toBe(0);
    expect(await tallyRows()).toEqual(folded);
  }, 120_000);

  it('lets two instances fold one backlog at once: each day folded by one of them, once', async () => {
    const days = await refoldAll();
    const second = await createApp(t.config, { logDestination: new PassThrough() });
    try {
      const [a, b] = await Promise.all([tallies.refresh(), second.get(ReportTallies).refresh()]);
      expect(a.days + b.days).toBe(days);
      expect(Math.min(a.days, b.days)).toBeGreaterThan(0);
    } finally {
      await second.close();
    }
    expect(await tallyRows()).toEqual(folded);
    expect(await readReport()).toEqual(report);
  }, 120_000);

  it('loses and doubles nothing when the process folding dies half-way: the next fold goes on from there', async () => {
    let left = 0;
    let before = 0;
    for (let attempt = 1; left === 0; attempt++) {
      if (attempt > 4) throw new Error('every fold ended before the process was killed');
      before = await refoldAll();
      let server: ServerProcess | undefined;
      try {
        server = await startServerProcess(serviceEnv(t.dataDir, t.db.url, { NOTIFY_INTERVAL_MS: '0', AUDIT_SEAL_INTERVAL_MS: '0' }), await freePort());
        const http = new HttpClient(server.url);
        const token = await login(http);
        // A report folds the backlog first; the process is killed once the first days are committed.
        const asked = http.get(`/api/v1/reports?${period}`, token).catch(() => null);
        const deadline = Date.now() + 60_000;
        while ((await dirtyDays()) === before && Date.now() < deadline) await sleep(5);
        await server.crash();
        await asked;
      } finally {
        await server?.crash();
      }
      left = await dirtyDays();
    }
    expect(left).toBeLessThan(before);
    const stats = await tallies.refresh();
    expect(stats.days).toBe(left);
    expect(await tallyRows()).toEqual(folded);
    expect(await readReport()).toEqual(report);
  }, 240_000);
});
