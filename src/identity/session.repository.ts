import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, Not } from 'typeorm';
import { Session } from './session.entity.js';
import type { User } from './user.entity.js';

@Injectable()
export class SessionRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(Session);
  }

  async insert(session: Session, em: EntityManager): Promise<void> {
    await this.repo(em).insert(session);
  }

  /** The session and its user in one query. */
  findByTokenHash(tokenHash: string): Promise<(Session & { user: User }) | null> {
    return this.repo()
      .createQueryBuilder('s')
      .innerJoinAndSelect('s.user', 'u')
      .where('s.tokenHash = :tokenHash', { tokenHash })
      .getOne() as Promise<(Session & { user: User }) | null>;
  }

  async touch(id: string, at: string): Promise<void> {
    await this.repo().update({ id }, { lastSeenAt: at });
  }

  async delete(id: string, em?: EntityManager): Promise<void> {
    await this.repo(em).delete({ id });
  }

  async deleteForUser(userId: string, em: EntityManager, exceptSessionId?: string): Promise<void> {
    await this.repo(em).delete(exceptSessionId ? { userId, id: Not(exceptSessionId) } : { userId });
  }
}
