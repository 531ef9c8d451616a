import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../database/transaction-runner.js';
import { dekAad } from './data-keys.js';
import { KeyRing } from './key-ring.js';
import { serviceKeyAad } from './service-keys.js';
import { WrappedKeyRepository, type WrappedKeyRow } from './wrapped-key.repository.js';

const BATCH = 500;

/**
 * Re-wraps every data key and service key under the current master key, a batch per transaction,
 * until none is left under an older one. Only wrapped keys change: no content is re-encrypted, and
 * readers keep working throughout, since the ring still holds the older keys.
 */
@Injectable()
export class KeyRotation {
  constructor(
    private readonly ring: KeyRing,
    private readonly keys: WrappedKeyRepository,
    private readonly tx: TransactionRunner,
  ) {}

  /** `progress` hears the running total after each batch. */
  async rewrapAll(progress?: (total: number) => void): Promise<number> {
    const current = this.ring.currentId;
    let total = 0;
    for (;;) {
      const batch = await this.keys.notWrappedBy(current, BATCH);
      if (batch.length === 0) return total;
      await this.tx.run(async (em) => {
        for (const row of batch) await this.keys.replace(row, this.ring.wrap(this.ring.unwrap(row.wrappedKey, aadOf(row)), aadOf(row)), em);
      });
      total += batch.length;
      progress?.(total);
    }
  }
}

const aadOf = (row: WrappedKeyRow) => (row.table === 'inquiry' ? dekAad(row.id) : serviceKeyAad(row.id));
