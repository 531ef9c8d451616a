import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, Not } from 'typeorm';
import { bool, RawSql } from '../database/raw-sql.js';
import type { Role } from '../common/role.js';
import { Session } from './session.entity.js';

/** A session with what every request needs of its user. */
export type SessionWithUser = Pick<Session, 'id' | 'scope' | 'channel' | 'lastSeenAt' | 'expiresAt'> & {
  user: { id: string; role: Role; organizationId: string | null; active: boolean; organizationCountry: string | null };
};

type SessionRow = Omit<SessionWithUser, 'user'> & { userId: string; role: Role; organizationId: string | null; active: unknown; country: string | null };

// Every request runs this lookup: written by hand so that it costs what the indexed read costs.
// The organisation's State comes with it (by its primary key): a requester's intake needs no read of its own for it.
const BY_TOKEN_HASH = `SELECT s.id, s.scope, s.channel, s."lastSeenAt", s."expiresAt", u.id AS "userId", u.role, u."organizationId", u.active, o.country
  FROM session s JOIN user_account u ON u.id = s."userId" LEFT JOIN organization o ON o.id = u."organizationId" WHERE s."tokenHash" = ?`;

@Injectable()
export class SessionRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: RawSql,
  ) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(Session);
  }

  async insert(session: Session, em: EntityManager): Promise<void> {
    await this.repo(em).insert(session);
  }

  /** The session and its user in one query. */
  async findByTokenHash(tokenHash: string): Promise<SessionWithUser | null> {
    const row = await this.sql.one<SessionRow>(BY_TOKEN_HASH, [tokenHash]);
    if (!row) return null;
    return {
      id: row.id,
      scope: row.scope,
      channel: row.channel,
      lastSeenAt: row.lastSeenAt,
      expiresAt: row.expiresAt,
      user: { id: row.userId, role: row.role, organizationId: row.organizationId, active: bool(row.active), organizationCountry: row.country ?? null },
    };
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
