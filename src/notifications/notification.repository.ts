import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull, LessThan, Or, type SelectQueryBuilder, type ObjectLiteral } from 'typeorm';
import type { Page } from '../common/page.js';
import { paginate, type PageQuery } from '../common/pagination.js';
import { count, RawSql } from '../database/raw-sql.js';
import { Delivery } from './delivery.entity.js';
import { NotificationPreference } from './notification-preference.entity.js';
import { OutboxEvent } from '../events/outbox-event.entity.js';
import { SlaBreach } from './sla-breach.entity.js';

const REFUSED = "d.channel = 'email' AND (d.status = 'failed' OR (d.status = 'pending' AND d.attempts > 0))";
/** Outbox claims, deliveries, preferences and SLA breaches: the queries of the notifications capability. */
@Injectable()
export class NotificationRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: RawSql,
  ) {}

  /**
   * Claims a batch under a lease: on PostgreSQL with FOR UPDATE SKIP LOCKED, so that instances
   * never take the same row at once; a claim whose holder died expires with its lease.
   */
  private claimable<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
    return this.sql.skipLocked(qb);
  }

  async claimEvents(now: string, leaseUntil: string, limit: number, em: EntityManager): Promise<OutboxEvent[]> {
    const events = await this.claimable(
      em
        .getRepository(OutboxEvent)
        .createQueryBuilder('e')
        .where('e.processedAt IS NULL')
        .andWhere('(e.leaseUntil IS NULL OR e.leaseUntil < :now)', { now })
        .orderBy('e.createdAt', 'ASC')
        .take(limit),
    ).getMany();
    if (events.length > 0) await em.getRepository(OutboxEvent).update({ id: In(events.map((e) => e.id)) }, { leaseUntil });
    return events;
  }

  async markProcessed(eventId: string, at: string, em: EntityManager): Promise<void> {
    await em.getRepository(OutboxEvent).update({ id: eventId }, { processedAt: at, leaseUntil: null });
  }

  /** Records deliveries; one already there for the same (event, recipient, channel) is left as it is. */
  async addDeliveries(rows: Delivery[], em: EntityManager): Promise<void> {
    if (rows.length > 0) await em.getRepository(Delivery).createQueryBuilder().insert().values(rows).orIgnore().execute();
  }

  async claimDueEmails(now: string, leaseUntil: string, limit: number, em: EntityManager): Promise<Delivery[]> {
    const due = await this.claimable(
      em
        .getRepository(Delivery)
        .createQueryBuilder('d')
        .where("d.channel = 'email' AND d.status = 'pending' AND d.nextAttemptAt <= :now", { now })
        .andWhere('(d.leaseUntil IS NULL OR d.leaseUntil < :now)', { now })
        .orderBy('d.nextAttemptAt', 'ASC')
        .take(limit),
    ).getMany();
    if (due.length > 0) await em.getRepository(Delivery).update({ id: In(due.map((d) => d.id)) }, { leaseUntil });
    return due;
  }

  async updateDelivery(id: string, patch: Partial<Delivery>, em?: EntityManager): Promise<void> {
    await (em ?? this.dataSource.manager).getRepository(Delivery).update({ id }, patch);
  }

  async updateDeliveries(ids: string[], patch: Partial<Delivery>, em: EntityManager): Promise<void> {
    if (ids.length > 0) await em.getRepository(Delivery).update({ id: In(ids) }, patch);
  }

  event(id: string): Promise<OutboxEvent | null> {
    return this.dataSource.getRepository(OutboxEvent).findOneBy({ id });
  }

  /** Held digest deliveries of everyone, oldest first, bounded. */
  held(limit: number): Promise<Delivery[]> {
    return this.dataSource.getRepository(Delivery).find({ where: { channel: 'email', status: 'held' }, order: { createdAt: 'ASC' }, take: limit });
  }

  inApp(recipientId: string, unreadOnly: boolean, page: PageQuery): Promise<Page<Delivery>> {
    const qb = this.dataSource.getRepository(Delivery).createQueryBuilder('d').where("d.recipientId = :recipientId AND d.channel = 'in-app'", { recipientId });
    if (unreadOnly) qb.andWhere('d.readAt IS NULL');
    return paginate(qb, page);
  }

  /** Which of some inquiries have an unread in-app notification for the recipient: one grouped query for a whole list. */
  async unreadInquiryIds(recipientId: string, inquiryIds: string[]): Promise<Set<string>> {
    if (inquiryIds.length === 0) return new Set();
    const rows = await this.dataSource
      .getRepository(Delivery)
      .createQueryBuilder('d')
      .select('d.inquiryId', 'inquiryId')
      .where("d.recipientId = :recipientId AND d.channel = 'in-app' AND d.readAt IS NULL", { recipientId })
      .andWhere('d.inquiryId IN (:...inquiryIds)', { inquiryIds })
      .groupBy('d.inquiryId')
      .getRawMany<{ inquiryId: string }>();
    return new Set(rows.map((r) => r.inquiryId));
  }

  /** Emails refused at least once: parked ones, and those still to be tried again. */
  undelivered(page: PageQuery): Promise<Page<Delivery>> {
    return paginate(this.dataSource.getRepository(Delivery).createQueryBuilder('d').where(REFUSED), page);
  }

  /** One of `undelivered`, or null. */
  findUndelivered(id: string, em: EntityManager): Promise<Delivery | null> {
    return em.getRepository(Delivery).createQueryBuilder('d').where(REFUSED).andWhere('d.id = :id', { id }).getOne();
  }

  /** Marks one of the recipient's own in-app notifications read; false if it is not theirs. */
  async markRead(id: string, recipientId: string, at: string): Promise<boolean> {
    const r = await this.dataSource.getRepository(Delivery).update({ id, recipientId, channel: 'in-app', readAt: IsNull() }, { readAt: at });
    if ((r.affected ?? 0) === 1) return true;
    return this.dataSource.getRepository(Delivery).existsBy({ id, recipientId, channel: 'in-app' });
  }

  /**
   * The recipient's unread in-app notifications, counted up to `cap` (the menu shows "99+" past it):
   * through the partial index of unread rows, so that the cost is bounded whatever is kept.
   */
  async unreadCount(recipientId: string, cap: number): Promise<number> {
    const row = await this.sql.one<{ n: unknown }>(`SELECT ${unreadCounted('?', '?')} AS n`, [recipientId, cap]);
    return count(row?.n);
  }

  /** The same count as an expression of the recipient's id `recipientIdSql`, to be read in another statement (the web session's). */
  unreadCountColumn(recipientIdSql: string, cap: number): string {
    if (!Number.isSafeInteger(cap) || cap < 1) throw new RangeError(`an unread count's cap must be a positive integer, not ${cap}`);
    return unreadCounted(recipientIdSql, String(cap));
  }

  /** Marks read the recipient's unread in-app notifications (of one inquiry, or created up to `upTo`); returns how many. */
  async markUnreadRead(recipientId: string, at: string, scope: { inquiryId?: string; upTo?: string }, em?: EntityManager): Promise<number> {
    const where: string[] = [`"recipientId" = ?`, `channel = 'in-app'`, `"readAt" IS NULL`];
    const params: unknown[] = [at, recipientId];
    if (scope.inquiryId) {
      where.push('"inquiryId" = ?');
      params.push(scope.inquiryId);
    }
    if (scope.upTo) {
      where.push('"createdAt" <= ?');
      params.push(scope.upTo);
    }
    const result = await this.sql.all<unknown>(`UPDATE delivery SET "readAt" = ? WHERE ${where.join(' AND ')} RETURNING id`, params, em);
    // TypeORM answers an UPDATE on PostgreSQL as [rows, rowCount]; on SQLite with the rows.
    return this.sql.postgres ? Number(result[1] ?? 0) : result.length;
  }

  preferences(userIds: string[]): Promise<NotificationPreference[]> {
    return userIds.length === 0 ? Promise.resolve([]) : this.dataSource.getRepository(NotificationPreference).findBy({ userId: In(userIds) });
  }

  async savePreference(p: NotificationPreference, em: EntityManager): Promise<void> {
    await em.getRepository(NotificationPreference).upsert(p, ['userId']);
  }

  /** Records a breach once; true only the first time it is seen (a racing instance's insert fails on the key). */
  async recordBreach(b: SlaBreach, em: EntityManager): Promise<boolean> {
    if (await em.getRepository(SlaBreach).existsBy({ inquiryId: b.inquiryId, kind: b.kind, dueAt: b.dueAt })) return false;
    await em.getRepository(SlaBreach).insert(b);
    return true;
  }

  async touchDigest(userId: string, at: string, em: EntityManager): Promise<void> {
    await em.getRepository(NotificationPreference).update({ userId }, { lastDigestAt: at });
  }

  /** Digest bookkeeping: whose last digest is older than `before` (or who never had one). */
  async digestDue(userIds: string[], before: string): Promise<Set<string>> {
    const prefs = await this.dataSource.getRepository(NotificationPreference).findBy({ userId: In(userIds), lastDigestAt: Or(IsNull(), LessThan(before)) });
    return new Set(prefs.map((p) => p.userId));
  }
}

/** The recipient's unread in-app notifications counted up to a cap, through the partial index of unread rows. */
const unreadCounted = (recipientId: string, cap: string) =>
  `(SELECT COUNT(*) FROM (SELECT 1 FROM delivery WHERE "recipientId" = ${recipientId} AND channel = 'in-app' AND "readAt" IS NULL LIMIT ${cap}) u)`;
