import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull, LessThan, Or, type SelectQueryBuilder, type ObjectLiteral } from 'typeorm';
import type { Page } from '../common/page.js';
import { paginate, type PageQuery } from '../common/pagination.js';
import { RawSql } from '../database/raw-sql.js';
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
