import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { BaseQueryRunner } from 'typeorm/query-runner/BaseQueryRunner.js';

/**
 * The transaction boundary of every command. SQLite has one connection, and two interleaved
 * transactions on it fail ("cannot start a transaction within a transaction"), so there they are
 * queued and run one at a time; PostgreSQL runs them side by side on its pool.
 */
@Injectable()
export class TransactionRunner {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly serial: boolean;

  constructor(private readonly dataSource: DataSource) {
    this.serial = dataSource.options.type === 'better-sqlite3';
  }

  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serial) return this.dataSource.transaction(work);
    const result = this.tail.then(() => this.immediate(work));
    this.tail = result.catch(() => undefined);
    return result;
  }

  get isPostgres(): boolean {
    return !this.serial;
  }

  /**
   * SQLite transactions begin IMMEDIATE: the write lock is taken at BEGIN, where the busy timeout
   * applies. TypeORM's deferred BEGIN would take it at the first write and fail at once with
   * SQLITE_BUSY if another process (the CLI, a backup) had written since the transaction's first read.
   */
  private async immediate<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner() as unknown as BaseQueryRunner;
    await runner.query('BEGIN IMMEDIATE');
    // Tells TypeORM a transaction is open, so that nothing it does starts one of its own.
    runner.isTransactionActive = true;
    try {
      const result = await work(runner.manager);
      await runner.query('COMMIT');
      return result;
    } catch (err) {
      await runner.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      runner.isTransactionActive = false;
      await runner.release();
    }
  }
}
