import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';

import { AppModule } from '../../src/app.module.js';
import { loadConfig } from '../../src/config/app-config.js';
import { TransactionRunner } from '../../src/database/transaction-runner.js';
import { ReportTallies } from '../../src/reports/report-tallies.js';
import { Seeder } from './seed.js';

/**
 * node dist/test/bench/fold.js: the report tallies folded again on a seeded archive, as after
 * migration 1769700000000 (every day of the archive logged to fold again), and how long the
 * writer is held meanwhile. Options (environment): FOLD_SIZE=100000 (inquiries seeded),
 * FOLD_DATABASE_URL=postgres://.../a_database (default: a fresh SQLite file; a database already seeded by
 * an earlier run is used as it is, to compare two builds on one archive: give it FOLD_DATA_DIR, the
 * folder that keeps its keys). Prints the
 * whole fold's seconds, its transactions and the longest of them (as refresh() reports them, when
 * it does), and the longest wait of a trivial write transaction started every 20 ms during the fold
 * (on SQLite, how long a command would have waited for the single writer), and the process's CPU time
 * over the fold (on SQLite, the fold's own: steadier than seconds on a shared machine), and a digest
 * of the tallies written (all but what is past due, which moves with the clock), to compare builds by.
 */
async function main(): Promise<void> {
  const size = Number(process.env.FOLD_SIZE ?? 100_000);
  // FOLD_DATA_DIR: kept, with the keys the seeded archive needs, for a later run on the same database.
  const dataDir = process.env.FOLD_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'cti-fold-'));
  const url = process.env.FOLD_DATABASE_URL ?? `sqlite:${join(dataDir, 'fold.sqlite')}`;
  const env = { DATA_DIR: dataDir, DATABASE_URL: url, LOG_LEVEL: 'warn', MFA_REQUIRED_ROLES: '', NOTIFY_INTERVAL_MS: '0', AUDIT_SEAL_INTERVAL_MS: '0' };
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(loadConfig(env)), { logger: ['error'] });
  try {
    const ds = app.get(DataSource);
    // A database seeded by an earlier run (FOLD_DATABASE_URL) is used as it is: the same archive for two builds.
    const [{ n }] = (await ds.query('SELECT COUNT(*) AS n FROM inquiry')) as Array<{ n: unknown }>;
    if (Number(n) === 0) await new Seeder(app).growTo(size, (done) => process.stderr.write(`\rseeding ${done} / ${size}`));
    process.stderr.write('\n');
    const tallies = app.get(ReportTallies);
    await tallies.refresh();
    // As migration 1769700000000 leaves it: no tallies, every day logged.
    await ds.query('DELETE FROM report_tally');
    await ds.query(
      `INSERT INTO report_dirty (day) SELECT d FROM (SELECT substr("createdAt", 1, 10) AS d FROM inquiry UNION SELECT substr("closedAt", 1, 10) FROM inquiry) days WHERE d IS NOT NULL ORDER BY d`,
    );
    const [{ days }] = (await ds.query('SELECT COUNT(DISTINCT day) AS days FROM report_dirty')) as Array<{ days: unknown }>;
    const tx = app.get(TransactionRunner);
    let probing = true;
    let longestWait = 0;
    const probe = (async () => {
      while (probing) {
        const t0 = performance.now();
        await tx.run((em) => em.query('SELECT 1'));
        longestWait = Math.max(longestWait, performance.now() - t0);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const stats = (await tallies.refresh()) as unknown as { transactions: number; longestMs: number } | undefined;
    const total = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    probing = false;
    await probe;
    // What the fold wrote, to compare two builds by (without the figures that depend on the moment of the fold: what is past due).
    const rows = (await ds.query(`SELECT dimension, day, key, n FROM report_tally WHERE dimension NOT IN ('pastDue', 'dueAt') ORDER BY dimension, day, key`)) as Array<
      Record<string, unknown>
    >;
    const digest = createHash('sha256');
    for (const r of rows) digest.update(`${String(r.dimension)} ${String(r.day)} ${String(r.key)} ${Number(r.n)}\n`);
    const figures = {
      database: ds.options.type,
      inquiries: Number((await ds.query('SELECT COUNT(*) AS n FROM inquiry'))[0].n),
      days: Number(days),
      foldSeconds: Number((total / 1000).toFixed(2)),
      transactions: stats?.transactions ?? 1,
      longestTransactionMs: Math.round(stats?.longestMs ?? total),
      longestWriteWaitMs: Math.round(longestWait),
      // The process's own CPU over the fold: on SQLite the whole work, on PostgreSQL the client's part only.
      tallies: `${rows.length} rows, sha256 ${digest.digest('hex').slice(0, 16)}`,
      processCpuMs: Math.round((cpu.user + cpu.system) / 1000),
    };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    await app.close();
    if (!process.env.FOLD_DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
