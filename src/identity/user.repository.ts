import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { paginate, type PageQuery } from '../common/pagination.js';
import type { Page } from '../common/page.js';
import type { Role } from '../common/role.js';
import { bool, RawSql } from '../database/raw-sql.js';
import { User } from './user.entity.js';

/** An account without its password and second factor. */
export type ShownUser = Pick<User, 'id' | 'email' | 'name' | 'role' | 'organizationId' | 'languages' | 'active' | 'mfaEnabled' | 'headOfSecretariat' | 'createdAt'>;

@Injectable()
export class UserRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: RawSql,
  ) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(User);
  }

  findById(id: string, em?: EntityManager): Promise<User | null> {
    return this.repo(em).findOneBy({ id });
  }

  /**
   * What an account shows of itself, without its secrets: every page's header names the person
   * signed in, so this is hand-written like the other hot reads (TypeORM's findOneBy cost the
   * queue page more than its own statement, bench W6).
   */
  async findShown(id: string): Promise<ShownUser | null> {
    const row = await this.sql.one<Omit<ShownUser, 'languages'> & { languages: string }>(
      `SELECT id, email, name, role, "organizationId", languages, active, "mfaEnabled", "headOfSecretariat", "createdAt" FROM user_account WHERE id = ?`,
      [id],
    );
    if (!row) return null;
    return {
      ...row,
      languages: JSON.parse(row.languages) as string[],
      active: bool(row.active),
      mfaEnabled: bool(row.mfaEnabled),
      headOfSecretariat: bool(row.headOfSecretariat),
    };
  }

  /** An active requester with its organisation's country (every intake asks), or null. */
  async activeRequesterWithCountry(id: string): Promise<{ id: string; organizationId: string; country: string } | null> {
    const row = await this.sql.one<{ id: string; organizationId: string; country: string }>(
      `SELECT u.id, u."organizationId", o.country FROM user_account u JOIN organization o ON o.id = u."organizationId" WHERE u.id = ? AND u.active = ? AND u.role = 'requester'`,
      [id, true],
    );
    return row ?? null;
  }

  findByEmail(email: string, em?: EntityManager): Promise<User | null> {
    return this.repo(em).findOneBy({ email: email.toLowerCase() });
  }

  activeByRole(role: Role): Promise<User[]> {
    return this.repo().findBy({ role, active: true });
  }

  findByIds(ids: string[]): Promise<User[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.repo().findBy({ id: In(ids) });
  }

  /** Display names of some users, in one statement (a page names its authors and experts at once). */
  async namesByIds(ids: string[]): Promise<Array<{ id: string; name: string }>> {
    if (ids.length === 0) return [];
    return this.repo().find({ select: { id: true, name: true }, where: { id: In(ids) } });
  }

  count(em?: EntityManager): Promise<number> {
    return this.repo(em).count();
  }

  async insert(user: User, em: EntityManager): Promise<User> {
    await this.repo(em).insert(user);
    return user;
  }

  async update(id: string, patch: Partial<User>, em: EntityManager): Promise<void> {
    await this.repo(em).update({ id }, patch);
  }

  /** Accepts a TOTP time step only if it is later than every step accepted before (one use per code). */
  async claimTotpStep(id: string, step: number, em: EntityManager): Promise<boolean> {
    const result = await this.repo(em)
      .createQueryBuilder()
      .update()
      .set({ totpLastStep: step })
      .where('id = :id AND ("totpLastStep" IS NULL OR "totpLastStep" < :step)', { id, step })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  list(filter: { role?: Role; organizationId?: string }, query: PageQuery): Promise<Page<User>> {
    const qb = this.repo().createQueryBuilder('u');
    if (filter.role) qb.andWhere('u.role = :role', { role: filter.role });
    if (filter.organizationId) qb.andWhere('u.organizationId = :org', { org: filter.organizationId });
    return paginate(qb, query);
  }
}
