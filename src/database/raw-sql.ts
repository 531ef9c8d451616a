import { Injectable } from '@nestjs/common';
import type { Database, Statement } from 'better-sqlite3';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';

const RAW_STATEMENTS = 200;

/**
 * Hand-written statements for the hot paths (the session lookup, lists, threads), where building
 * each query through TypeORM's query builder cost more than running it. Statements are written
 * once with `?` placeholders and numbered ($1, $2...) for PostgreSQL; TypeORM still runs them, so
 * transactions, the statement cache and the error types stay those of every other query.
 */
@Injectable()
export class RawSql {
  readonly postgres: boolean;
  private readonly numbered = new Map<string, string>();
  private readonly rawStatements = new Map<string, Statement<unknown[], unknown[]>>();

  constructor(private readonly dataSource: DataSource) {
    this.postgres = dataSource.options.type === 'postgres';
  }

  all<T>(sql: string, params: unknown[] = [], em?: EntityManager): Promise<T[]> {
    return (em ?? this.dataSource.manager).query(this.dialect(sql), params) as Promise<T[]>;
  }

  async one<T>(sql: string, params: unknown[] = [], em?: EntityManager): Promise<T | undefined> {
    return (await this.all<T>(sql, params, em))[0];
  }

  /**
   * Rows of a read outside any transaction, as records of `columns` (the statement's select list,
   * in order). On SQLite the rows come from better-sqlite3 as arrays and the records are built here:
   * its row objects are built property by property, interning every column name again on every row,
   * which was a third of the time of a page of a list (a measured 10 % of a list request). Raw mode
   * belongs to a prepared statement, so these statements are our own, not TypeORM's; they run on
   * the same connection and are logged like every query.
   */
  async records<K extends string>(columns: readonly K[], sql: string, params: unknown[]): Promise<Array<Record<K, unknown>>> {
    if (this.postgres) return this.all<Record<K, unknown>>(sql, params);
    this.dataSource.logger.logQuery(sql, params);
    let rows: unknown[][];
    try {
      rows = this.rawStatement(sql).all(...params);
    } catch (err) {
      throw new QueryFailedError(sql, params, err as Error);
    }
    return rows.map((values) => {
      const record = {} as Record<K, unknown>;
      for (let n = 0; n < columns.length; n++) record[columns[n]] = values[n];
      return record;
    });
  }

  private rawStatement(sql: string): Statement<unknown[], unknown[]> {
    let statement = this.rawStatements.get(sql);
    if (!statement) {
      const db = (this.dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection;
      statement = db.prepare<unknown[], unknown[]>(sql).raw(true);
      // Statements differ by the filters in use: keep the most recent ones.
      if (this.rawStatements.size >= RAW_STATEMENTS) this.rawStatements.delete(this.rawStatements.keys().next().value as string);
      this.rawStatements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Inserts rows of one shape into `table`. Values go as they are: the caller stringifies JSON and
   * the driver binds booleans (TypeORM turns them into 0/1 for SQLite).
   */
  async insert(table: string, rows: Array<Record<string, unknown>>, em: EntityManager): Promise<void> {
    if (rows.length === 0) return;
    const columns = Object.keys(rows[0]);
    const tuple = `(${placeholders(columns.length)})`;
    const sql = `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${rows.map(() => tuple).join(', ')}`;
    await em.query(this.dialect(sql), rows.flatMap((r) => columns.map((c) => r[c])));
  }

  private dialect(sql: string): string {
    if (!this.postgres) return sql;
    let out = this.numbered.get(sql);
    if (out === undefined) {
      let n = 0;
      out = sql.replace(/\?/g, () => `$${++n}`);
      // Statements differ only by the length of an IN list: few enough to keep them all.
      if (this.numbered.size < 2000) this.numbered.set(sql, out);
    }
    return out;
  }
}

/** A piece of a WHERE clause with its parameters, in the order of its placeholders. */
export interface SqlCondition {
  sql: string;
  params: unknown[];
}

/** Conditions joined with AND, their parameters in order. */
export function allOf(conditions: SqlCondition[]): SqlCondition {
  return { sql: conditions.map((c) => `(${c.sql})`).join(' AND '), params: conditions.flatMap((c) => c.params) };
}

/** `?, ?, ?` for an IN list of `n` values (never empty: callers check first). */
export const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/** SQLite stores booleans as 0/1, PostgreSQL as booleans. */
export const bool = (v: unknown): boolean => v === true || v === 1 || v === '1';

/** A count as either driver returns it (PostgreSQL's bigint arrives as a string). */
export const count = (v: unknown): number => Number(v ?? 0);
