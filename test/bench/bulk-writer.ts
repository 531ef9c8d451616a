import type { DataSource } from 'typeorm';

type Row = Record<string, string | number | boolean | null>;

/**
 * Inserts many rows fast on the service's own connection: prepared statements in one
 * transaction per batch on SQLite, multi-row INSERTs on PostgreSQL. Only the seeder uses it.
 */
export class BulkWriter {
  private readonly pending = new Map<string, Row[]>();
  private readonly sqlite: { prepare(sql: string): { run(...p: unknown[]): unknown }; transaction(fn: () => void): () => void } | null;

  constructor(private readonly dataSource: DataSource) {
    this.sqlite = dataSource.options.type === 'better-sqlite3' ? (dataSource.driver as unknown as { databaseConnection: never }).databaseConnection : null;
  }

  add(table: string, row: Row): void {
    const rows = this.pending.get(table) ?? [];
    rows.push(row);
    this.pending.set(table, rows);
  }

  get size(): number {
    let n = 0;
    for (const rows of this.pending.values()) n += rows.length;
    return n;
  }

  /** Writes everything added so far, parents before children (tables in the order first added). */
  async flush(): Promise<void> {
    const batches = [...this.pending];
    this.pending.clear();
    if (this.sqlite) {
      const db = this.sqlite;
      db.transaction(() => {
        for (const [table, rows] of batches) {
          const cols = Object.keys(rows[0]);
          const stmt = db.prepare(`INSERT INTO ${table} (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
          for (const r of rows) stmt.run(...cols.map((c) => (typeof r[c] === 'boolean' ? (r[c] ? 1 : 0) : r[c])));
        }
      })();
      return;
    }
    for (const [table, rows] of batches) {
      const cols = Object.keys(rows[0]);
      for (let i = 0; i < rows.length; i += 500) {
        const chunk = rows.slice(i, i + 500);
        const values: unknown[] = [];
        const tuples = chunk.map((r) => `(${cols.map((c) => (values.push(r[c]), `$${values.length}`)).join(', ')})`);
        await this.dataSource.query(`INSERT INTO ${table} (${cols.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`, values);
      }
    }
  }
}
