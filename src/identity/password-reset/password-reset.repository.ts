import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { PasswordReset } from './password-reset.entity.js';

@Injectable()
export class PasswordResetRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(PasswordReset);
  }

  async insert(reset: PasswordReset, em: EntityManager): Promise<void> {
    await this.repo(em).insert(reset);
  }

  findByTokenHash(tokenHash: string, em?: EntityManager): Promise<PasswordReset | null> {
    return this.repo(em).findOneBy({ tokenHash });
  }

  /** Marks it used unless it already was: the single-use guarantee under concurrent redemption. */
  async markUsed(id: string, at: string, em: EntityManager): Promise<boolean> {
    const result = await this.repo(em).update({ id, usedAt: IsNull() }, { usedAt: at });
    return (result.affected ?? 0) === 1;
  }

  /** A newer link, a sign-in or a password set another way makes the open links worthless. */
  async retireOpenFor(userId: string, at: string, em: EntityManager): Promise<void> {
    await this.repo(em).update({ userId, usedAt: IsNull() }, { usedAt: at });
  }
}
