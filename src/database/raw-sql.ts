import { Injectable } from '@nestjs/common';
import type { Database, Statement } from 'better-sqlite3';
import { DataSource, QueryFailedError, QueryRunnerAlreadyReleasedError, type EntityManager, type ObjectLiteral, type QueryRunner, type SelectQueryBuilder } from 'typeorm';

const PREPARED_STATEMENTS = 200;
const SEQUENCE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
/**
 * Statements prepared by name on every PostgreSQL connection (each holds its own, for its life):
 * enough for the hot paths, bounded so that statements differing only by an IN list's length do
 * not fill every server process's memory.
 */
const NAMED_STATEMENTS = 300;
/** RawSql instances made so far in this process: each names its statements with a prefix of its own (see pgStatement). */
let instances = 0;

interface Prepared {
  statement: Statement<unknown[], unknown[]>;
  names: string[];
}

/** A statement as PostgreSQL runs it: numbered placeholders, and a name once it runs again. */
interface PgStatement {
  text: string;
  name?: string;
  runs: number;
}

interface PgQuery {
  text: string;
  name?: string;
  values: unknown[];
  rowMode: 'array';
}

/** What RawSql uses of a `pg` connection. */
interface PgClient {
  pipeline: boolean;
  connection: { stream: { cork(): void; uncork(): void } };
  query(config: PgQuery): Promise<PgResult>;
  release(err?: Error): void;
  on(event: 'error', listener: (err: Error) => void): void;
  removeListener(event: 'error', listener: (err: Error) => void): void;
}

interface PgResult {
  command: string;
  rowCount: number | null;
  fields: Array<{ name: string }>;
  rows: unknown[][];
}

/** A statement waiting to be written on a transaction's connection. */
interface Queued {
  query: PgQuery;
  /** Its caller, waiting for the answer; none for the BEGIN, the COMMIT's writes sent ahead (writeAll) or a statement whose caller has gone. */
  caller?: { resolve(result: PgResult): void; reject(err: unknown): void };
  statement?: PgStatement;
}

/**
 * A PostgreSQL transaction that RawSql began (TransactionRunner), on one connection in pipeline
 * mode for its whole life: what is queued is written together, once the statements issued at the
 * same moment have all been queued (one round trip for them all).
 */
interface PgTransaction {
  client: PgClient;
  runner: QueryRunner;
  /** The BEGIN is still to be written, with the first statements. */
  beginPending: boolean;
  queued: Queued[];
  flushScheduled: boolean;
  /** A failure nobody has heard of yet (a write sent with what came after it): thrown by the next statement, and by the commit. */
  failed?: QueryFailedError;
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
  private readonly numbered = new Map<string, PgStatement>();
  private named = 0;
  /** Two instances on one pool (a test's, the application's) never give one name to two texts on a connection. */
  private readonly namePrefix = `cti${++instances}_`;
  private readonly transactions = new WeakMap<QueryRunner, PgTransaction>();
  private readonly statements = new Map<string, Prepared | null>();
  private readonly sequences = new Set<string>();
  /** Numbers taken from each sequence and not handed out yet (nextNumber's `reserve`), lowest first. */
  private readonly reserved = new Map<string, number[]>();
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
   * Rows of a statement. On PostgreSQL on `pg` directly (see `run`); on SQLite in a transaction
   * (`em`) through TypeORM, a read outside any transaction on a statement of our own (see `read`).
   */
  all<T>(sql: string, params: unknown[] = [], em?: EntityManager): Promise<T[]> {
    if (this.postgres) return this.run<T>(sql, params, em);
    if (em) return em.query(sql, params) as Promise<T[]>;
    return this.read<T>(sql, params);
  }

  /**
   * A statement on PostgreSQL, on the transaction's connection (`em` with a query runner) or on
   * the pool TypeORM shares (any free connection: a statement outside a transaction commits on its
   * own). TypeORM's query() costs a query runner, its events and some fifteen promises per
   * statement, a measured quarter of a list request's CPU; here `pg` runs it, by name once it runs
   * again (parsed once per connection: see NAMED_STATEMENTS), its rows as arrays turned into
   * records with the column names read once. Logged and failing as TypeORM's queries do; an UPDATE
   * or DELETE answers [rows, rowCount] as TypeORM answers it.
   */
  private async run<T>(sql: string, params: unknown[], em?: EntityManager): Promise<T[]> {
    const runner = em?.queryRunner;
    if (runner?.isReleased) throw new QueryRunnerAlreadyReleasedError();
    const statement = this.pgStatement(sql);
    const query = { text: statement.text, name: statement.name, values: params, rowMode: 'array' as const };
    const tx = runner && this.transactions.get(runner);
    let result: PgResult;
    if (tx) result = await this.inTransaction(tx, query, statement);
    else {
      this.dataSource.logger.logQuery(statement.text, params, runner);
      try {
        result = runner ? await ((await runner.connect()) as PgClient).query(query) : await this.onPool(query);
      } catch (err) {
        // A plan made stale by a schema change (see failure()): outside a transaction the statement
        // failed alone and changed nothing, so it runs again at once, unnamed from now on.
        if (!runner && isStalePlan(err)) {
          statement.name = undefined;
          return this.run<T>(sql, params);
        }
        throw this.failure(err, statement, query, runner);
      }
    }
    const { fields, rows } = result;
    const records = rows.map((row) => {
      const record: Record<string, unknown> = {};
      for (let n = 0; n < fields.length; n++) record[fields[n].name] = row[n];
      return record as T;
    });
    return result.command === 'UPDATE' || result.command === 'DELETE' ? ([records, result.rowCount] as unknown as T[]) : records;
  }

  /**
   * Outside a transaction: a connection of the pool for one statement. (pool.query would do the
   * same, copying the query's config property by property first, and would drop the connection on
   * any error, a refused insert's as well; here only a broken connection is dropped.)
   */
  private async onPool(query: PgQuery): Promise<PgResult> {
    const pool = (this.dataSource.driver as unknown as { master: { connect(): Promise<PgClient> } }).master;
    const client = await pool.connect();
    // While it is ours, the pool no longer listens to the connection: a server that ends it between
    // two messages (a restart: 57P01) emits 'error' on the client, which unheard would end the
    // process. The statement's own failure still reaches the caller through its promise.
    const onError = (err: Error) => this.dataSource.logger.log('warn', `a PostgreSQL connection failed: ${err.message}`);
    client.on('error', onError);
    try {
      const result = await client.query(query);
      client.removeListener('error', onError);
      client.release();
      return result;
    } catch (err) {
      client.removeListener('error', onError);
      client.release(isServerError(err) ? undefined : (err as Error));
      throw err;
    }
  }

  /**
   * A statement in a transaction RawSql began: queued, and written with whatever else is issued at
   * the same moment (statements awaited together, the BEGIN when it is still to be sent, writes
   * sent ahead by writeAll) in one round trip. The queue is written once the current microtasks
   * have run (process.nextTick), so that every statement a `Promise.all` starts is in it.
   */
  private inTransaction(tx: PgTransaction, query: PgQuery, statement: PgStatement): Promise<PgResult> {
    if (tx.failed) return Promise.reject(tx.failed);
    return new Promise<PgResult>((resolve, reject) => {
      tx.queued.push({ query, statement, caller: { resolve, reject } });
      if (!tx.flushScheduled) {
        tx.flushScheduled = true;
        process.nextTick(() => {
          tx.flushScheduled = false;
          void this.flush(tx);
        });
      }
    });
  }

  /**
   * Writes what the transaction has queued (its BEGIN first when still to be sent) in one go and
   * hands each caller its answer. In a transaction block the statements after a failed one fail
   * as well ("current transaction is aborted"): their callers get the first failure, the cause.
   * A failure whose statement has no caller (a write sent ahead) is kept for the next statement
   * and the commit to throw.
   */
  private async flush(tx: PgTransaction): Promise<void> {
    const items = tx.queued.splice(0);
    if (tx.beginPending) {
      tx.beginPending = false;
      items.unshift({ query: { text: 'BEGIN', values: [], rowMode: 'array' } });
    }
    if (items.length === 0) return;
    let results: Array<PromiseSettledResult<PgResult>>;
    try {
      results = await Promise.allSettled(this.write(tx, items));
    } catch (err) {
      // Not even written (a connection already broken): every caller hears it.
      const cause = this.failure(err, undefined, items[0].query, tx.runner);
      for (const item of items) item.caller?.reject(cause);
      if (items.some((item) => !item.caller)) tx.failed = cause;
      return;
    }
    let cause: QueryFailedError | undefined = tx.failed;
    let heard = cause === undefined;
    results.forEach((result, n) => {
      const item = items[n];
      if (cause === undefined && result.status === 'rejected') {
        cause = this.failure(result.reason, item.statement, item.query, tx.runner);
        heard = false;
      }
      if (!item.caller) return;
      if (cause) {
        item.caller.reject(cause);
        heard = true;
      } else item.caller.resolve((result as PromiseFulfilledResult<PgResult>).value);
    });
    if (cause && !heard) tx.failed = cause;
  }

  /** Writes the statements in one go (each one's messages are corked by pg on their own; this corks them all). */
  private write(tx: PgTransaction, items: Queued[]): Array<Promise<PgResult>> {
    const logger = this.dataSource.logger;
    for (const item of items) logger.logQuery(item.query.text, item.query.values, tx.runner);
    const { client } = tx;
    const stream = client.connection.stream;
    stream.cork();
    try {
      return items.map((item) => client.query(item.query));
    } finally {
      stream.uncork();
    }
  }

  /** Logs a failed statement and wraps its error as TypeORM does (QueryFailedError). */
  private failure(err: unknown, statement: PgStatement | undefined, query: PgQuery, runner?: QueryRunner): QueryFailedError {
    if (err instanceof QueryFailedError) return err;
    // A table changed under a statement prepared before (another instance's migration): the
    // connection's plan no longer fits. The statement runs unnamed from now on. In a transaction,
    // the transaction is aborted: the error is a busy fault (503, Retry-After), nothing was written.
    if (statement && isStalePlan(err)) statement.name = undefined;
    this.dataSource.logger.logQueryError(err as Error, query.text, query.values, runner);
    return new QueryFailedError(query.text, query.values, err as Error);
  }

  /**
   * Opens a transaction on `runner`'s connection (PostgreSQL): its BEGIN is written with the first
   * statements RawSql runs in it (one round trip fewer), or before the first TypeORM runs there.
   * The connection stays in pg's pipeline mode until `end`, so that statements queued together
   * are written together.
   */
  async begin(runner: QueryRunner): Promise<void> {
    const client = (await runner.connect()) as PgClient;
    const tx: PgTransaction = { client, runner, beginPending: true, queued: [], flushScheduled: false };
    this.transactions.set(runner, tx);
    client.pipeline = true;
    const typeormQuery = runner.query.bind(runner);
    runner.query = async (...args: Parameters<QueryRunner['query']>) => {
      // What RawSql still holds (the BEGIN, writes sent ahead) is written first, and answered.
      if (tx.failed) throw tx.failed;
      if (tx.beginPending || tx.queued.length > 0) await this.flush(tx);
      if (tx.failed) throw tx.failed;
      return typeormQuery(...args);
    };
  }

  /**
   * Ends the transaction `begin` opened. COMMIT goes with the writes still queued (sent ahead by
   * writeAll), in one round trip; when one of them failed the server ends the transaction as a
   * ROLLBACK, and the failure is thrown. Nothing to end when no statement was written.
   */
  async end(runner: QueryRunner, outcome: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    const tx = this.transactions.get(runner);
    if (!tx) return;
    this.transactions.delete(runner);
    try {
      if (outcome === 'ROLLBACK') {
        // Writes sent ahead were never written; nobody waits for them. A failure kept for the commit is moot.
        tx.queued = tx.queued.filter((item) => item.caller);
        tx.failed = undefined;
        if (tx.beginPending && tx.queued.length === 0) return;
      } else if (tx.beginPending && tx.queued.length === 0) return;
      else if (tx.beginPending && tx.queued.length === 1 && !tx.queued[0].caller) {
        // Nothing was written but one statement (a command's writes, writeAll): alone, it is a
        // transaction of its own, all or nothing, without BEGIN and COMMIT (measured: a tenth of
        // an intake's PostgreSQL CPU). Its failure is the commit's.
        tx.beginPending = false;
        const [write] = tx.queued.splice(0);
        const [answer] = await Promise.allSettled(this.write(tx, [write]));
        if (answer.status === 'rejected') throw this.failure(answer.reason, write.statement, write.query, tx.runner);
        return;
      }
      const ended = new Promise<PgResult>((resolve, reject) => tx.queued.push({ query: { text: outcome, values: [], rowMode: 'array' }, caller: { resolve, reject } }));
      await this.flush(tx);
      const answer = await ended;
      if (outcome === 'COMMIT' && answer.command !== 'COMMIT') throw new QueryFailedError('COMMIT', [], new Error(`the transaction ended with ${answer.command}`));
    } finally {
      tx.client.pipeline = false;
    }
  }

  /** Serialises commands on one row: FOR UPDATE on PostgreSQL; SQLite runs one write transaction at a time anyway. */
  async lockRow(table: string, id: string, em: EntityManager): Promise<void> {
    if (this.postgres) await this.run(`SELECT id FROM ${table} WHERE id = ? FOR UPDATE`, [id], em);
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
    if (statement) await this.all(statement.sql, statement.params, em);
  }

  /**
   * Rows of `table` that differ only in one text column: `fixed` the same in every row (text
   * columns: PostgreSQL binds them untyped), `column` one row per value, in the order given. One
   * statement whatever the number of values, with one parameter for them all (a PostgreSQL array,
   * unnested; a JSON array on SQLite, json_each): its text never changes, so PostgreSQL plans it
   * once per connection (by name, see NAMED_STATEMENTS) instead of once per count of rows, and the
   * driver binds two parameters instead of two per row. Null for no values.
   */
  insertEach(table: string, fixed: Record<string, string>, column: string, values: string[]): SqlCondition | null {
    if (values.length === 0) return null;
    const names = Object.keys(fixed);
    const columns = [...names, column].map((c) => `"${c}"`).join(', ');
    const params = names.map((n) => fixed[n]);
    const each = this.postgres ? 'v FROM unnest(?::text[]) AS v' : 'value FROM json_each(?)';
    return {
      sql: `INSERT INTO ${table} (${columns}) SELECT ${names.map(() => '?, ').join('')}${each}`,
      params: [...params, this.postgres ? values : JSON.stringify(values)],
    };
  }

  /**
   * Several writes of one command at once. On PostgreSQL they go as ONE statement (each a
   * data-modifying WITH clause), so one round trip instead of one per table: a command's change,
   * its audit entry and its outbox event reach the server together. On SQLite, in-process, they
   * run one after the other. Either way they are in the caller's transaction and all or nothing.
   */
  async writeAll(writes: Array<InsertRows | SqlCondition | null>, em: EntityManager): Promise<void> {
    const statements = writes.map((w) => (w && 'table' in w ? insertStatement(w) : w)).filter((s): s is SqlCondition => s !== null);
    if (!this.postgres || statements.length < 2) {
      for (const s of statements) await this.all(s.sql, s.params, em);
      return;
    }
    const sql = `WITH ${statements.map((s, n) => `w${n} AS (${s.sql})`).join(', ')} SELECT 1`;
    const params = statements.flatMap((s) => s.params);
    const tx = em.queryRunner && this.transactions.get(em.queryRunner);
    if (!tx) {
      await this.run(sql, params, em);
      return;
    }
    // In a transaction RawSql began, the write is queued, not awaited: it goes with the next
    // statement, or with the COMMIT (one round trip for both). Its failure, if any, is thrown by
    // that statement or by the commit: either way the command fails whole.
    if (tx.failed) throw tx.failed;
    const statement = this.pgStatement(sql);
    tx.queued.push({ query: { text: statement.text, name: statement.name, values: params, rowMode: 'array' }, statement });
  }

  /**
   * The next number of a counter that every command of a kind takes (the year's reference numbers).
   * On PostgreSQL a SEQUENCE, which no transaction holds: a row counter would be locked from the
   * update to the commit, so that concurrent commands (on every instance) would run one at a time.
   * A number taken by a transaction that then fails is not reused (a gap). The sequence is made on
   * first use, starting after the counter row `startAfter` reads (where SQLite, and the service
   * before sequences, counted). SQLite, one writer at a time anyway, keeps the row (`sqliteNext`,
   * an upsert returning the new value as `n`): no gaps there. With `reserve` (PostgreSQL), numbers
   * are taken that many at a time and handed out by this process, lowest first: most calls need no
   * statement at all, and the numbers left when the process stops are gaps.
   */
  async nextNumber(counter: { sequence: string; startAfter: SqlCondition; sqliteNext: SqlCondition; reserve?: number }, em: EntityManager): Promise<number> {
    if (!this.postgres) return Number((await em.query(counter.sqliteNext.sql, counter.sqliteNext.params))[0].n);
    if (!SEQUENCE_NAME.test(counter.sequence)) throw new Error(`not a sequence name: ${counter.sequence}`);
    const reserve = Math.max(1, Math.trunc(counter.reserve ?? 1));
    const kept = this.reserved.get(counter.sequence);
    if (kept && kept.length > 0) return kept.shift()!;
    if (!this.sequences.has(counter.sequence)) await this.makeSequence(counter.sequence, counter.startAfter, em);
    const rows = await this.run<{ n: string }>(`SELECT nextval('${counter.sequence}') AS n FROM generate_series(1, ${reserve})`, [], em);
    // With `reserve`, the numbers taken beyond this one are kept for the next calls (in this
    // process only: those still kept when it stops are never used). Calls that found none kept at
    // the same moment each took their own; all go in one reserve, handed out lowest first.
    const numbers = this.reserved.get(counter.sequence) ?? [];
    numbers.push(...rows.map((r) => Number(r.n)));
    numbers.sort((a, b) => a - b);
    this.reserved.set(counter.sequence, numbers);
    return numbers.shift()!;
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
    return this.postgres ? this.pgStatement(sql).text : sql;
  }

  /** The statement numbered for PostgreSQL, named from its second run on while names last. */
  private pgStatement(sql: string): PgStatement {
    let statement = this.numbered.get(sql);
    if (statement === undefined) {
      statement = { text: numberedPlaceholders(sql), runs: 0 };
      // Statements differ only by the length of an IN list: few enough to keep them all.
      if (this.numbered.size < 2000) this.numbered.set(sql, statement);
    }
    if (++statement.runs === 2 && this.named < NAMED_STATEMENTS) statement.name = `${this.namePrefix}${++this.named}`;
    return statement;
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

/** PostgreSQL's refusal to run a prepared statement whose result's shape a schema change altered. */
const isStalePlan = (err: unknown): boolean =>
  (err as { code?: string }).code === '0A000' && /cached plan must not change result type/.test(String((err as { message?: string }).message));

/** An error PostgreSQL answered (it has a severity) short of ending the session (FATAL, PANIC): the connection is still good. */
const isServerError = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && 'severity' in err && !['FATAL', 'PANIC'].includes(String((err as { severity: unknown }).severity));

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
