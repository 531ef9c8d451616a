import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

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
  constructor(private readonly dataSource: DataSource) {}

  /** A batch of keys not yet wrapped by `currentId`. */
  async notWrappedBy(currentId: string, limit: number): Promise<WrappedKeyRow[]> {
    const prefix = `${currentId}:%`;
    const services = (await this.dataSource.query(
      this.sql('SELECT purpose AS id, "wrappedKey" FROM service_key WHERE "wrappedKey" NOT LIKE $1 LIMIT $2'),
      [prefix, limit],
    )) as Array<{ id: string; wrappedKey: string }>;
    const inquiries = (await this.dataSource.query(
      this.sql('SELECT id, "wrappedKey" FROM inquiry WHERE "wrappedKey" NOT LIKE $1 ORDER BY id LIMIT $2'),
      [prefix, limit],
    )) as Array<{ id: string; wrappedKey: string }>;
    return [...services.map((r) => ({ table: 'service_key' as const, ...r })), ...inquiries.map((r) => ({ table: 'inquiry' as const, ...r }))];
  }

  /** Replaces a wrapped key only if it is still the one that was read (a concurrent change wins). */
  async replace(row: WrappedKeyRow, wrappedKey: string, em: EntityManager): Promise<void> {
    const key = row.table === 'inquiry' ? 'id' : 'purpose';
    await em.query(this.sql(`UPDATE ${row.table} SET "wrappedKey" = $1 WHERE ${key} = $2 AND "wrappedKey" = $3`), [wrappedKey, row.id, row.wrappedKey]);
  }

  private sql(postgres: string): string {
    return this.dataSource.options.type === 'postgres' ? postgres : postgres.replace(/\$\d+/g, '?');
  }
}
