import { DataSource, EntityManager, IsNull, type EntityTarget } from 'typeorm';
import { IdColumn, RefColumn, StringColumn, TimeColumn } from '../database/columns.js';

/**
 * A link mailed to one account that works once, until it expires: the invitation and the password
 * reset. Only the SHA-256 of its token is kept. Each kind has its own table (and foreign key); the
 * columns and the single-use rules are these.
 */
export abstract class OneTimeLink {
  @IdColumn() id: string;
  @StringColumn(64) tokenHash: string;
  @RefColumn() userId: string;
  @TimeColumn() createdAt: string;
  @TimeColumn() expiresAt: string;
  @TimeColumn(true) usedAt: string | null;
}

/** The queries of one kind of one-time link. */
export abstract class OneTimeLinkRepository<T extends OneTimeLink> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly entity: EntityTarget<T>,
  ) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository<OneTimeLink>(this.entity as EntityTarget<OneTimeLink>);
  }

  async insert(link: T, em: EntityManager): Promise<void> {
    await this.repo(em).insert(link);
  }

  findByTokenHash(tokenHash: string, em?: EntityManager): Promise<T | null> {
    return this.repo(em).findOneBy({ tokenHash }) as Promise<T | null>;
  }

  /** Marks it used unless it already was: the single-use guarantee under concurrent redemption. */
  async markUsed(id: string, at: string, em: EntityManager): Promise<boolean> {
    const result = await this.repo(em).update({ id, usedAt: IsNull() }, { usedAt: at });
    return (result.affected ?? 0) === 1;
  }

  /** A newer link (or, for a reset, a sign-in or a password set another way) makes the open ones worthless. */
  async retireOpenFor(userId: string, at: string, em: EntityManager): Promise<void> {
    await this.repo(em).update({ userId, usedAt: IsNull() }, { usedAt: at });
  }
}
