import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Invitation } from './invitation.entity.js';

@Injectable()
export class InvitationRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(Invitation);
  }

  async insert(invitation: Invitation, em: EntityManager): Promise<void> {
    await this.repo(em).insert(invitation);
  }

  findByTokenHash(tokenHash: string, em: EntityManager): Promise<Invitation | null> {
    return this.repo(em).findOneBy({ tokenHash });
  }

  /** Marks it used unless it already was: the single-use guarantee under concurrent redemption. */
  async markUsed(id: string, at: string, em: EntityManager): Promise<boolean> {
    const result = await this.repo(em).update({ id, usedAt: IsNull() }, { usedAt: at });
    return (result.affected ?? 0) === 1;
  }

  /** A new invitation makes the older, unused ones worthless. */
  async retireOpenFor(userId: string, at: string, em: EntityManager): Promise<void> {
    await this.repo(em).update({ userId, usedAt: IsNull() }, { usedAt: at });
  }
}
