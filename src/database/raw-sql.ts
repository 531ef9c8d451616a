import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

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
