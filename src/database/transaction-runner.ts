import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

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
    const result = this.tail.then(() => this.dataSource.transaction(work));
    this.tail = result.catch(() => undefined);
    return result;
  }

  get isPostgres(): boolean {
    return this.dataSource.options.type === 'postgres';
  }
}
