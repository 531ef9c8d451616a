import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { allOf, count, placeholders, RawSql, type InsertRows, type SqlCondition } from '../database/raw-sql.js';
import { AuditEntry } from './audit-entry.entity.js';

// Any fixed number: a sealing transaction holds this PostgreSQL advisory lock, so two never link at once.
const SEALING_LOCK = 4_242_002;

const COLUMNS = 'id, seq, at, "actorId", action, "inquiryId", details, "prevHash", hash, "keyVersion"';

export interface AuditFilter {
  inquiryId?: string;
  actorId?: string;
  action?: string;
}

export interface SealedLink {
  id: string;
  seq: number;
  prevHash: string;
  hash: string;
  keyVersion: number;
}

/** Append-only: entries are inserted unsealed and sealed once; there is no other update and no delete. */
@Injectable()
export class AuditRepository {
  constructor(private readonly sql: RawSql) {}

  /** One statement, no lock and no read: the sealer gives the entry its place later. */
  async insert(entry: AuditEntry, em: EntityManager): Promise<void> {
    await this.sql.insert('audit_entry', [{ ...entry }], em);
  }

  /** The same insert, to be written with a command's other writes (RawSql.writeAll). */
  insertRows(entry: AuditEntry): InsertRows {
    return { table: 'audit_entry', rows: [{ ...entry }] };
  }

  /** Inside a sealing transaction: excludes every other sealer until the commit (PostgreSQL; SQLite has one writer). */
  async lockForSealing(em: EntityManager): Promise<void> {
    if (this.sql.postgres) await em.query('SELECT pg_advisory_xact_lock($1)', [SEALING_LOCK]);
  }

  async head(em: EntityManager): Promise<{ seq: number; hash: string } | null> {
    const row = await this.sql.one<{ seq: unknown; hash: string }>('SELECT seq, hash FROM audit_entry WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1', [], em);
    return row ? { seq: Number(row.seq), hash: row.hash } : null;
  }

  /** The oldest committed unsealed entries, in id order (UUIDv7: the order they were made in). */
  async unsealed(limit: number, em: EntityManager): Promise<AuditEntry[]> {
    return (await this.sql.all<AuditEntry>(`SELECT ${COLUMNS} FROM audit_entry WHERE seq IS NULL ORDER BY id LIMIT ?`, [limit], em)).map(fromRow);
  }

  /** Seals a batch in one statement; an entry someone else sealed meanwhile is left alone (and the lock makes that impossible). */
  async seal(links: SealedLink[], em: EntityManager): Promise<void> {
    if (links.length === 0) return;
    if (this.sql.postgres) {
      await em.query(
        `UPDATE audit_entry a SET seq = v.seq, "prevHash" = v.prev, hash = v.hash, "keyVersion" = v.kv
         FROM unnest($1::varchar[], $2::int[], $3::varchar[], $4::varchar[], $5::int[]) AS v(id, seq, prev, hash, kv)
         WHERE a.id = v.id AND a.seq IS NULL`,
        [links.map((l) => l.id), links.map((l) => l.seq), links.map((l) => l.prevHash), links.map((l) => l.hash), links.map((l) => l.keyVersion)],
      );
      return;
    }
    const values = links.map(() => `(${placeholders(5)})`).join(', ');
    await em.query(
      `WITH v(id, seq, prev, hash, kv) AS (VALUES ${values})
       UPDATE audit_entry SET seq = v.seq, "prevHash" = v.prev, hash = v.hash, "keyVersion" = v.kv FROM v WHERE audit_entry.id = v.id AND audit_entry.seq IS NULL`,
      links.flatMap((l) => [l.id, l.seq, l.prevHash, l.hash, l.keyVersion]),
    );
  }

  /** Sealed and unsealed counts, and when the oldest unsealed entry was written. */
  async backlog(): Promise<{ sealed: number; unsealed: number; oldestUnsealedAt: string | null }> {
    const row = await this.sql.one<{ sealed: unknown; total: unknown; oldest: string | null }>(
      'SELECT COUNT(seq) AS sealed, COUNT(*) AS total, MIN(CASE WHEN seq IS NULL THEN at END) AS oldest FROM audit_entry',
    );
    const sealed = count(row?.sealed);
    return { sealed, unsealed: count(row?.total) - sealed, oldestUnsealedAt: row?.oldest ?? null };
  }

  /**
   * Newest first: the unsealed entries (newest id first), then the sealed ones (highest seq first).
   * `before` is a previous page's last entry: its seq once sealed, its id while unsealed.
   */
  async page(filter: AuditFilter, limit: number, before?: { seq: number } | { id: string }): Promise<{ items: AuditEntry[]; total: number }> {
    const where = allOf([{ sql: '1 = 1', params: [] }, ...conditions(filter)]);
    const total = count((await this.sql.one<{ n: unknown }>(`SELECT COUNT(*) AS n FROM audit_entry WHERE ${where.sql}`, where.params))?.n);
    const items: AuditEntry[] = [];
    if (!before || 'id' in before) {
      const after = before ? [{ sql: 'id < ?', params: [before.id] }] : [];
      const w = allOf([where, { sql: 'seq IS NULL', params: [] }, ...after]);
      items.push(...(await this.sql.all<AuditEntry>(`SELECT ${COLUMNS} FROM audit_entry WHERE ${w.sql} ORDER BY id DESC LIMIT ?`, [...w.params, limit])));
    }
    if (items.length < limit) {
      const after = before && 'seq' in before ? [{ sql: 'seq < ?', params: [before.seq] }] : [];
      const w = allOf([where, { sql: 'seq IS NOT NULL', params: [] }, ...after]);
      items.push(...(await this.sql.all<AuditEntry>(`SELECT ${COLUMNS} FROM audit_entry WHERE ${w.sql} ORDER BY seq DESC LIMIT ?`, [...w.params, limit - items.length])));
    }
    return { items: items.map(fromRow), total };
  }

  /** Sealed entries, oldest first, a batch at a time, for verification. */
  async batchAfter(seq: number, size: number): Promise<AuditEntry[]> {
    return (await this.sql.all<AuditEntry>(`SELECT ${COLUMNS} FROM audit_entry WHERE seq > ? ORDER BY seq LIMIT ?`, [seq, size])).map(fromRow);
  }
}

function conditions(f: AuditFilter): SqlCondition[] {
  const out: SqlCondition[] = [];
  if (f.inquiryId) out.push({ sql: '"inquiryId" = ?', params: [f.inquiryId] });
  if (f.actorId) out.push({ sql: '"actorId" = ?', params: [f.actorId] });
  if (f.action) out.push({ sql: 'action = ?', params: [f.action] });
  return out;
}

// PostgreSQL returns integers of COUNT/bigint as strings, and SQLite no booleans: normalise here.
const fromRow = (r: AuditEntry): AuditEntry => ({
  ...r,
  seq: r.seq === null ? null : Number(r.seq),
  keyVersion: r.keyVersion === null ? null : Number(r.keyVersion),
});
