import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { RecoveryCode } from './recovery-code.entity.js';

@Injectable()
export class RecoveryCodeRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(RecoveryCode);
  }

  unused(userId: string, em?: EntityManager): Promise<RecoveryCode[]> {
    return this.repo(em).findBy({ userId, usedAt: IsNull() });
  }

  countUnused(userId: string, em?: EntityManager): Promise<number> {
    return this.repo(em).countBy({ userId, usedAt: IsNull() });
  }

  /** A new batch replaces every code of the account, used or not. */
  async replace(userId: string, codes: RecoveryCode[], em: EntityManager): Promise<void> {
    await this.repo(em).delete({ userId });
    if (codes.length) await this.repo(em).insert(codes);
  }

  async removeAllFor(userId: string, em: EntityManager): Promise<void> {
    await this.repo(em).delete({ userId });
  }

  /** Marks it used unless it already was: a code works once, even sent twice at the same moment. */
  async markUsed(id: string, at: string, em: EntityManager): Promise<boolean> {
    const result = await this.repo(em).update({ id, usedAt: IsNull() }, { usedAt: at });
    return (result.affected ?? 0) === 1;
  }
}
