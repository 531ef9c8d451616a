import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { BaseQueryRunner } from 'typeorm/query-runner/BaseQueryRunner.js';
import { RawSql } from './raw-sql.js';

interface Pending {
  work: (em: EntityManager) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(reason: unknown): void;
}

// Enough to share one sync among every request a busy server has in flight, small enough that a
// group never holds the others for long.
const MAX_GROUP = 64;

/**
 * The transaction boundary of every command. PostgreSQL runs transactions side by side on its pool.
 * SQLite has one connection and one writer, and every commit pays a sync to disk (synchronous=FULL):
 * there, the units of work that arrive while one commit is under way are run together in the next
 * transaction, each inside a savepoint, and committed with one sync (group commit). Each unit still
 * succeeds or fails on its own, and none is answered before the commit that makes it durable.
 */
@Injectable()
export class TransactionRunner {
  private readonly serial: boolean;
  private readonly queue: Pending[] = [];
  private draining = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: RawSql,
  ) {
    this.serial = dataSource.options.type === 'better-sqlite3';
  }

  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serial) return this.transaction(work);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  /**
   * An audited read: work whose only write is its audit entry, written last, after everything it
   * reads (so that the entry exists exactly when something is returned). On PostgreSQL it runs
   * without a transaction, each statement committing on its own: READ COMMITTED gives every
   * statement its own snapshot inside a transaction as well, and a single write needs no
   * transaction to be all or nothing; this saves the BEGIN and COMMIT round trips of every read
   * of an inquiry or a thread. SQLite runs it as `run` does (a write outside a group would pay a
   * sync of its own).
   */
  read<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.serial ? this.run(work) : work(this.dataSource.manager);
  }

  /**
   * A transaction on PostgreSQL: BEGIN and COMMIT run as the work's statements do (RawSql, BEGIN
   * with the first of them), not through TypeORM's startTransaction and commitTransaction, whose
   * events and query runner calls cost more than the statements themselves. The query runner is
   * marked as in a transaction (depth 1), as TypeORM's own would be, so that TypeORM's repositories
   * used by the work open none of their own (a nested startTransaction would take a savepoint).
   */
  private async transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    const state = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
    let begun = false;
    try {
      await this.sql.begin(runner);
      begun = true;
      state.isTransactionActive = true;
      state.transactionDepth = 1;
      const value = await work(runner.manager);
      begun = false;
      await this.sql.end(runner, 'COMMIT');
      return value;
    } catch (err) {
      if (begun) await this.sql.end(runner, 'ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      state.isTransactionActive = false;
      state.transactionDepth = 0;
      await runner.release();
    }
  }

  /**
   * better-sqlite3 answers at once, so a whole group runs in microtasks and no socket is read in
   * the meantime: without a pause, every group would be one request. Waiting for the end of the
   * current I/O phase (setImmediate) before each group lets the requests already received reach
   * this queue first, and share the group's commit.
   */
  private async drain(): Promise<void> {
    this.draining = true;
    try {
      do {
        await new Promise((resolve) => setImmediate(resolve));
        await this.commitGroup(this.queue.splice(0, MAX_GROUP));
      } while (this.queue.length > 0);
    } finally {
      this.draining = false;
    }
  }

  /**
   * One IMMEDIATE transaction for the group: the write lock is taken at BEGIN, where the busy
   * timeout applies (a deferred BEGIN would fail at once with SQLITE_BUSY if another process had
   * written since the transaction's first read).
   */
  private async commitGroup(group: Pending[]): Promise<void> {
    const runner = this.dataSource.createQueryRunner() as unknown as BaseQueryRunner;
    const outcomes: Array<{ ok: boolean; value: unknown }> = [];
    try {
      await runner.query('BEGIN IMMEDIATE');
      // Tells TypeORM a transaction is open, so that nothing it does starts one of its own.
      runner.isTransactionActive = true;
      for (const unit of group) {
        await runner.query('SAVEPOINT unit');
        try {
          const value = await unit.work(runner.manager);
          await runner.query('RELEASE unit');
          outcomes.push({ ok: true, value });
        } catch (err) {
          await runner.query('ROLLBACK TO unit');
          await runner.query('RELEASE unit');
          outcomes.push({ ok: false, value: err });
        }
      }
      await runner.query('COMMIT');
    } catch (err) {
      await runner.query('ROLLBACK').catch(() => undefined);
      for (const unit of group) unit.reject(err);
      return;
    } finally {
      runner.isTransactionActive = false;
      await runner.release();
    }
    group.forEach((unit, i) => (outcomes[i].ok ? unit.resolve(outcomes[i].value) : unit.reject(outcomes[i].value)));
  }
}
