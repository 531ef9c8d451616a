import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, Not } from 'typeorm';
import { bool, RawSql } from '../database/raw-sql.js';
import type { Role } from '../common/role.js';
import { Session } from './session.entity.js';
import type { ShownUser } from './user.repository.js';

/** A session with what every request needs of its user. */
export type SessionWithUser = Pick<Session, 'id' | 'scope' | 'channel' | 'lastSeenAt' | 'expiresAt'> & {
  user: { id: string; role: Role; organizationId: string | null; active: boolean; organizationCountry: string | null };
  /** With `withShown`: what the account shows of itself (UserRepository.findShown), read in the same statement. */
  shown?: ShownUser;
  /** With `withShown`: the columns added by addWebColumn, by name, as the driver gave them. */
  extras?: Record<string, unknown>;
};

type SessionRow = Omit<SessionWithUser, 'user' | 'shown'> & { userId: string; role: Role; organizationId: string | null; active: unknown; country: string | null };
type ShownRow = { email: string; name: string; languages: string; mfaEnabled: unknown; headOfSecretariat: unknown; createdAt: string };

// Every request runs this lookup: written by hand so that it costs what the indexed read costs.
// The organisation's State comes with it (by its primary key): a requester's intake needs no read of its own for it.
const SESSION_COLUMNS = `s.id, s.scope, s.channel, s."lastSeenAt", s."expiresAt", u.id AS "userId", u.role, u."organizationId", u.active, o.country`;
const byTokenHash = (columns: string) =>
  `SELECT ${columns} FROM session s JOIN user_account u ON u.id = s."userId" LEFT JOIN organization o ON o.id = u."organizationId" WHERE s."tokenHash" = ?`;
const BY_TOKEN_HASH = byTokenHash(SESSION_COLUMNS);
// A page's header names the person signed in: the same lookup with what the account shows of itself.
const SHOWN_COLUMNS = `${SESSION_COLUMNS}, u.email, u.name, u.languages, u."mfaEnabled", u."headOfSecretariat", u."createdAt"`;

@Injectable()
export class SessionRepository {
  /** The columns added by addWebColumn, and the web session's statement with them (made at its first use). */
  private readonly webColumns: Array<{ name: string; sql: string }> = [];
  private shownStatement: string | null = null;

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

  /**
   * Adds a column to the web session's lookup (`withShown`): `sql` an expression of the signed-in
   * user's id `u.id`, no parameter, read as `name` into `SessionWithUser.extras`. For what every page
   * shows and another module owns (the unread notifications' count in the navigation): read in the
   * session's statement, a page asks the database once less. Made before the first lookup (by the
   * constructors of those modules' pages): the statement's text is then fixed.
   */
  addWebColumn(name: string, sql: string): void {
    if (this.shownStatement !== null) throw new Error(`the web session's column ${name} was added after its first lookup`);
    if (!/^[a-zA-Z]+$/.test(name) || this.webColumns.some((c) => c.name === name)) throw new Error(`a web session's column needs a new plain name, not ${name}`);
    this.webColumns.push({ name, sql });
  }

  /** The session and its user in one query (`withShown`: and what the account shows of itself, and the columns added by addWebColumn). */
  async findByTokenHash(tokenHash: string, withShown = false): Promise<SessionWithUser | null> {
    if (withShown && this.shownStatement === null) {
      this.shownStatement = byTokenHash(SHOWN_COLUMNS + this.webColumns.map((c) => `, ${c.sql} AS "x_${c.name}"`).join(''));
    }
    const row = await this.sql.one<SessionRow & Partial<ShownRow> & Record<string, unknown>>(withShown ? this.shownStatement! : BY_TOKEN_HASH, [tokenHash]);
    if (!row) return null;
    const user = { id: row.userId, role: row.role, organizationId: row.organizationId, active: bool(row.active), organizationCountry: row.country ?? null };
    const r = row as SessionRow & ShownRow;
    return {
      id: row.id,
      scope: row.scope,
      channel: row.channel,
      lastSeenAt: row.lastSeenAt,
      expiresAt: row.expiresAt,
      user,
      shown: withShown
        ? {
            id: user.id,
            role: user.role,
            organizationId: user.organizationId,
            active: user.active,
            email: r.email,
            name: r.name,
            languages: JSON.parse(r.languages) as string[],
            mfaEnabled: bool(r.mfaEnabled),
            headOfSecretariat: bool(r.headOfSecretariat),
            createdAt: r.createdAt,
          }
        : undefined,
      extras: withShown ? Object.fromEntries(this.webColumns.map((c) => [c.name, row[`x_${c.name}`]])) : undefined,
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
