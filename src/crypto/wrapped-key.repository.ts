import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RawSql } from '../database/raw-sql.js';

export interface WrappedKeyRow {
  table: 'inquiry' | 'service_key';
  id: string;
  wrappedKey: string;
}

/**
 * The wrapped keys kept in other modules' tables, for the one job that must touch them all:
 * re-wrapping under a new master key. It reads and writes only the `wrappedKey` column.
 */
@Injectable()
export class WrappedKeyRepository {
  constructor(private readonly sql: RawSql) {}

  /** A batch of keys not yet wrapped by `currentId`. */
  async notWrappedBy(currentId: string, limit: number): Promise<WrappedKeyRow[]> {
    const prefix = `${currentId}:%`;
    const services = await this.sql.all<{ id: string; wrappedKey: string }>('SELECT purpose AS id, "wrappedKey" FROM service_key WHERE "wrappedKey" NOT LIKE ? LIMIT ?', [
      prefix,
      limit,
    ]);
    const inquiries = await this.sql.all<{ id: string; wrappedKey: string }>('SELECT id, "wrappedKey" FROM inquiry WHERE "wrappedKey" NOT LIKE ? ORDER BY id LIMIT ?', [
      prefix,
      limit,
    ]);
    return [...services.map((r) => ({ table: 'service_key' as const, ...r })), ...inquiries.map((r) => ({ table: 'inquiry' as const, ...r }))];
  }

  /** Replaces a wrapped key only if it is still the one that was read (a concurrent change wins). */
  async replace(row: WrappedKeyRow, wrappedKey: string, em: EntityManager): Promise<void> {
    const key = row.table === 'inquiry' ? 'id' : 'purpose';
    await this.sql.all(`UPDATE ${row.table} SET "wrappedKey" = ? WHERE ${key} = ? AND "wrappedKey" = ?`, [wrappedKey, row.id, row.wrappedKey], em);
  }
}
