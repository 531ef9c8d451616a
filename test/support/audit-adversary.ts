import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { GENESIS_LINK, linkInput } from '../../src/audit/audit-link.js';
import type { AuditEntry } from '../../src/audit/audit-entry.entity.js';

/**
 * What someone with write access to the database (and nothing else: no master key, no key file)
 * can do to the audit trail. Such a person can drop the guard triggers first, so every attack
 * here starts by doing so.
 */
export class AuditAdversary {
  constructor(private readonly ds: DataSource) {}

  private get postgres(): boolean {
    return this.ds.options.type === 'postgres';
  }

  /** `?` placeholders, numbered for PostgreSQL. */
  query<T = unknown>(sql: string, params: unknown[] = []): Promise<T[]> {
    let n = 0;
    return this.ds.query(this.postgres ? sql.replace(/\?/g, () => `$${++n}`) : sql, params) as Promise<T[]>;
  }

  async dropGuards(): Promise<void> {
    for (const t of ['audit_entry_no_update', 'audit_entry_no_delete']) await this.query(this.postgres ? `DROP TRIGGER ${t} ON audit_entry` : `DROP TRIGGER ${t}`);
  }

  async sealed(): Promise<AuditEntry[]> {
    const rows = await this.query<AuditEntry>('SELECT * FROM audit_entry WHERE seq IS NOT NULL ORDER BY seq');
    return rows.map((r) => ({ ...r, seq: Number(r.seq), keyVersion: r.keyVersion === null ? null : Number(r.keyVersion) }));
  }

  /** Rewrites every link from the first entry on, as the old unkeyed chain allowed: SHA-256 of the same input. */
  async recomputePlainChain(): Promise<void> {
    let prevHash = GENESIS_LINK;
    for (const e of await this.sealed()) {
      const hash = createHash('sha256')
        .update(linkInput({ ...e, prevHash }), 'utf8')
        .digest('hex');
      await this.query('UPDATE audit_entry SET "prevHash" = ?, hash = ? WHERE id = ?', [prevHash, hash, e.id]);
      prevHash = hash;
    }
  }
}
