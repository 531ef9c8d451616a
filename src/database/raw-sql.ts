import { Injectable } from '@nestjs/common';
import type { Database, Statement } from 'better-sqlite3';
import { DataSource, QueryFailedError, type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';

const PREPARED_STATEMENTS = 200;
const SEQUENCE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

interface Prepared {
  statement: Statement<unknown[], unknown[]>;
  names: string[];
}

/**
 * Hand-written statements for the hot paths (the session lookup, lists, threads), where building
 * each query through TypeORM's query builder cost more than running it. Statements are written
 * once with `?` placeholders and numbered ($1, $2...) for PostgreSQL. TypeORM runs them in a
 * transaction and on PostgreSQL; SQLite's reads outside a transaction run on statements of our own
 * (`read`). Either way they are logged, and fail with TypeORM's error types, as every query does.
 *
 * It is also the one seam between the two dialects: the rest of the code asks it for what differs
 * (placeholders, row locks, claims that skip locked rows, `postgres` for a planner's choice) and
 * tests no database type itself (the transaction runner and the data source options, beside it
 * in src/database, are the other two places that know which database runs).
 */
@Injectable()
export class RawSql {
  readonly postgres: boolean;
  private readonly numbered = new Map<string, string>();
  private readonly statements = new Map<string, Prepared | null>();
  private readonly sequences = new Set<string>();
  /**
   * SQL for the shard of a counter that many commands add to (the counts of inquiries by status):
   * on PostgreSQL the connection's server process id, so that two transactions open at the same
   * time (necessarily on two connections) never add to the same row and never wait for each
   * other, on any instance; SQLite has one writer and keeps one row (0). The shards number at most
   * the server processes the service has used; a reader sums them.
   */
  readonly counterShard: string;

  constructor(private readonly dataSource: DataSource) {
    this.postgres = dataSource.options.type === 'postgres';
    this.counterShard = this.postgres ? 'pg_backend_pid()' : '0';
  }

  /**
   * Rows of a statement. In a transaction (`em`) and on PostgreSQL through TypeORM; a read outside
   * any transaction on SQLite on a statement of our own (see `read`).
   */
  all<T>(sql: string, params: unknown[] = [], em?: EntityManager): Promise<T[]> {
    if (em || this.postgres) return (em ?? this.dataSource.manager).query(this.dialect(sql), params) as Promise<T[]>;
    return this.read<T>(sql, params);
  }

  /** Serialises commands on one row: FOR UPDATE on PostgreSQL; SQLite runs one write transaction at a time anyway. */
  async lockRow(table: string, id: string, em: EntityManager): Promise<void> {
    if (this.postgres) await em.query(`SELECT id FROM ${table} WHERE id = $1 FOR UPDATE`, [id]);
  }

  /** A claim that other instances skip rather than wait for (FOR UPDATE SKIP LOCKED); SQLite has one process. */
  skipLocked<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
    return this.postgres ? qb.setLock('pessimistic_write').setOnLocked('skip_locked') : qb;
  }

  async one<T>(sql: string, params: unknown[] = [], em?: EntityManager): Promise<T | undefined> {
    return (await this.all<T>(sql, params, em))[0];
  }

  /**
   * A read outside any transaction on SQLite: the rows come from better-sqlite3 as arrays and the
   * records are built here. Its row objects are built property by property, interning every column
   * name again on every row (a third of the time of a page of a list), and TypeORM's query() adds
   * a query runner and several promises to each statement: together some 15 % of a list request,
   * measured. Raw mode belongs to a prepared statement, so these statements are our own, not
   * TypeORM's; they run on the same single connection, and are logged and fail as every query does.
   */
  private async read<T>(sql: string, params: unknown[]): Promise<T[]> {
    // better-sqlite3 cannot bind booleans (TypeORM turns them into 0/1 the same way).
    const values = params.map((p) => (typeof p === 'boolean' ? Number(p) : p));
    const logger = this.dataSource.logger;
    let prepared: Prepared | null;
    let rows: unknown[][];
    try {
      prepared = this.prepared(sql);
      if (!prepared) return (await this.dataSource.manager.query(sql, params)) as T[];
      logger.logQuery(sql, values);
      rows = prepared.statement.all(...values);
    } catch (err) {
      if (err instanceof QueryFailedError) throw err;
      logger.logQueryError(err as Error, sql, values);
      throw new QueryFailedError(sql, values, err as Error);
    }
    const { names } = prepared;
    return rows.map((row) => {
      const record: Record<string, unknown> = {};
      for (let n = 0; n < names.length; n++) record[names[n]] = row[n];
      return record as T;
    });
  }

  /** The statement in raw mode with its column names, or null for one that returns no rows. */
  private prepared(sql: string): Prepared | null {
    let prepared = this.statements.get(sql);
    if (prepared === undefined) {
      const db = (this.dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection;
      const statement = db.prepare<unknown[], unknown[]>(sql);
      prepared = statement.reader ? { statement: statement.raw(true), names: statement.columns().map((c) => c.name) } : null;
      // Statements differ by the filters in use: keep the most recent ones.
      if (this.statements.size >= PREPARED_STATEMENTS) this.statements.delete(this.statements.keys().next().value as string);
      this.statements.set(sql, prepared);
    }
    return prepared;
  }

  /**
   * Inserts rows of one shape into `table`. Values go as they are: the caller stringifies JSON and
   * the driver binds booleans (TypeORM turns them into 0/1 for SQLite); a value made with `sqlValue`
   * is an expression of its own (a scalar subquery).
   */
  async insert(table: string, rows: Array<Record<string, unknown>>, em: EntityManager): Promise<void> {
    const statement = insertStatement({ table, rows });
    if (statement) await em.query(this.dialect(statement.sql), statement.params);
  }

  /**
   * Several writes of one command at once. On PostgreSQL they go as ONE statement (each a
   * data-modifying WITH clause), so one round trip instead of one per table: a command's change,
   * its audit entry and its outbox event reach the server together. On SQLite, in-process, they
   * run one after the other. Either way they are in the caller's transaction and all or nothing.
   */
  async writeAll(writes: Array<InsertRows | SqlCondition>, em: EntityManager): Promise<void> {
    const statements = writes.map((w) => ('table' in w ? insertStatement(w) : w)).filter((s): s is SqlCondition => s !== null);
    if (!this.postgres || statements.length < 2) {
      for (const s of statements) await em.query(this.dialect(s.sql), s.params);
      return;
    }
    const sql = `WITH ${statements.map((s, n) => `w${n} AS (${s.sql})`).join(', ')} SELECT 1`;
    await em.query(
      this.dialect(sql),
      statements.flatMap((s) => s.params),
    );
  }

  /**
   * The next number of a counter that every command of a kind takes (the year's reference numbers).
   * On PostgreSQL a SEQUENCE, which no transaction holds: a row counter would be locked from the
   * update to the commit, so that concurrent commands (on every instance) would run one at a time.
   * A number taken by a transaction that then fails is not reused (a gap). The sequence is made on
   * first use, starting after the counter row `startAfter` reads (where SQLite, and the service
   * before sequences, counted). SQLite, one writer at a time anyway, keeps the row (`sqliteNext`,
   * an upsert returning the new value as `n`): no gaps there.
   */
  async nextNumber(counter: { sequence: string; startAfter: SqlCondition; sqliteNext: SqlCondition }, em: EntityManager): Promise<number> {
    if (!this.postgres) return Number((await em.query(counter.sqliteNext.sql, counter.sqliteNext.params))[0].n);
    if (!SEQUENCE_NAME.test(counter.sequence)) throw new Error(`not a sequence name: ${counter.sequence}`);
    if (!this.sequences.has(counter.sequence)) await this.makeSequence(counter.sequence, counter.startAfter, em);
    const rows = (await em.query(`SELECT nextval('${counter.sequence}') AS n`)) as Array<{ n: string }>;
    return Number(rows[0].n);
  }

  /**
   * Makes the sequence if it is not there yet, in the caller's transaction: another connection
   * would have to come from the pool that concurrent callers hold (a deadlock under load). An
   * advisory lock, held to the commit, lets one transaction make it while the others wait, then
   * find it. It is remembered only once found made (committed): a creation rolled back with its
   * transaction is tried again by the next call.
   */
  private async makeSequence(name: string, startAfter: SqlCondition, em: EntityManager): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [name]);
    const [exists] = (await em.query('SELECT to_regclass($1) AS r', [name])) as Array<{ r: string | null }>;
    if (exists.r !== null) {
      this.sequences.add(name);
      return;
    }
    const [row] = (await em.query(this.dialect(startAfter.sql), startAfter.params)) as Array<{ n: unknown }>;
    await em.query(`CREATE SEQUENCE ${name} START WITH ${Number(row?.n ?? 0) + 1}`);
  }

  private dialect(sql: string): string {
    if (!this.postgres) return sql;
    let out = this.numbered.get(sql);
    if (out === undefined) {
      out = numberedPlaceholders(sql);
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

/** Rows of one shape for `table` (see RawSql.insert). */
export interface InsertRows {
  table: string;
  rows: Array<Record<string, unknown>>;
}

/** A value written as an SQL expression of its own (with `?` placeholders), not bound as it is. */
export class SqlValue implements SqlCondition {
  constructor(
    readonly sql: string,
    readonly params: unknown[],
  ) {}
}

export const sqlValue = (sql: string, ...params: unknown[]): SqlValue => new SqlValue(sql, params);

/** The INSERT of some rows (null for none), written with `?`. */
function insertStatement({ table, rows }: InsertRows): SqlCondition | null {
  if (rows.length === 0) return null;
  const columns = Object.keys(rows[0]);
  const params: unknown[] = [];
  const tuples = rows.map((r) => {
    const values = columns.map((c) => {
      const v = r[c];
      if (v instanceof SqlValue) {
        params.push(...v.params);
        return `(${v.sql})`;
      }
      params.push(v);
      return '?';
    });
    return `(${values.join(', ')})`;
  });
  return { sql: `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`, params };
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

/** PostgreSQL's numbered placeholders ($1, $2...) for a statement written with `?`. */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
