import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import type { Viewer } from '../common/viewer.js';
import { isUniqueViolation } from './errors.js';
import { IdempotencyKey } from './idempotency-key.entity.js';
import { TransactionRunner } from './transaction-runner.js';
import { refuse } from '../common/errors/refusal.js';

export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,100}$/;

/** Validates an `Idempotency-Key` header: printable ASCII, at most 100 characters. */
export function idempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !IDEMPOTENCY_KEY.test(header)) {
    throw refuse('idempotency.key-invalid', 'Idempotency-Key must be 1 to 100 printable ASCII characters');
  }
  return header;
}

/**
 * Runs a creating command at most once per (user, scope, key): the key is stored in the command's
 * own transaction, so a retry after a lost answer, or a racing duplicate, gets the first result.
 */
@Injectable()
export class Idempotency {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async once<T>(
    viewer: Viewer,
    scope: string,
    key: string | undefined,
    create: (em: EntityManager) => Promise<{ id: string; result: T }>,
    replay: (resourceId: string) => Promise<T>,
  ): Promise<T> {
    if (key === undefined) return (await this.tx.run(create)).result;
    const earlier = await this.find(viewer.userId, scope, key);
    if (earlier) return replay(earlier);
    try {
      return await this.tx.run(async (em) => {
        const created = await create(em);
        await em.getRepository(IdempotencyKey).insert({ userId: viewer.userId, scope, key, resourceId: created.id, createdAt: this.clock.iso() });
        return created.result;
      });
    } catch (err) {
      const raced = isUniqueViolation(err) ? await this.find(viewer.userId, scope, key) : null;
      if (raced) return replay(raced);
      throw err;
    }
  }

  /** The resource an earlier request with this key made, if any (to answer before doing expensive work). */
  earlier(viewer: Viewer, scope: string, key: string | undefined): Promise<string | null> {
    return key === undefined ? Promise.resolve(null) : this.find(viewer.userId, scope, key);
  }

  private async find(userId: string, scope: string, key: string): Promise<string | null> {
    const row = await this.dataSource.getRepository(IdempotencyKey).findOneBy({ userId, scope, key });
    return row?.resourceId ?? null;
  }
}
