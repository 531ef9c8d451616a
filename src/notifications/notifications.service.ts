import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { AuditTrail } from '../audit/audit-trail.js';
import { Clock } from '../common/clock.js';
import { toIsoUtc } from '../common/validators.js';
import type { Page } from '../common/page.js';
import type { PageQuery } from '../common/pagination.js';
import type { Viewer } from '../common/viewer.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import type { Delivery } from './delivery.entity.js';
import type { ListNotificationsQuery, MarkAllReadDto, PreferencesDto } from './dto/notifications.dto.js';
import { EMAIL_PREFERENCES, type EmailPreference } from './notification-preference.entity.js';
import { NotificationRepository } from './notification.repository.js';
import { refuse } from '../common/errors/refusal.js';

export class NotificationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'The kind of event, e.g. message.cleared' }) kind: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) inquiryId: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The inquiry's reference: the only thing a notification says of it" }) reference: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readAt: string | null;
}

export class FailedDeliveryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['retrying', 'failed'], description: 'retrying: refused, to be tried again at nextAttemptAt; failed: parked after its last attempt' })
  state: 'retrying' | 'failed';
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it is tried again (null once parked)' }) nextAttemptAt: string | null;
  @ApiProperty() eventKind: string;
  @ApiProperty({ format: 'uuid' }) recipientId: string;
  @ApiProperty({ type: 'integer' }) attempts: number;
  @ApiProperty({ type: String, nullable: true, description: 'What the mail server answered (no content of the mail)' }) lastError: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class PreferencesView {
  @ApiProperty({ enum: EMAIL_PREFERENCES, description: 'immediate: a mail per event; daily: one digest a day; off: in-app only' }) email: EmailPreference;
}

export class MarkedReadView {
  @ApiProperty({ type: 'integer', description: 'How many notifications were unread and are now read' }) marked: number;
}

/** The menu counts unread notifications up to here and shows "99+" past it: the count stays cheap whatever is kept. */
export const UNREAD_CAP = 100;

const toView = (d: Delivery): NotificationView => ({ id: d.id, kind: d.eventKind, inquiryId: d.inquiryId, reference: d.reference, createdAt: d.createdAt, readAt: d.readAt });

/** In-app notifications, email preferences, and the secretariat's list of mail that could not be delivered. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly repo: NotificationRepository,
    private readonly audit: AuditTrail,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async list(viewer: Viewer, q: ListNotificationsQuery): Promise<Page<NotificationView>> {
    const page = await this.repo.inApp(viewer.userId, q.unread === 'true', q);
    return { ...page, items: page.items.map(toView) };
  }

  /** Which of some inquiries have news for the viewer (an unread notification of its own). */
  unreadOn(viewer: Viewer, inquiryIds: string[]): Promise<Set<string>> {
    return this.repo.unreadInquiryIds(viewer.userId, inquiryIds);
  }

  async markRead(viewer: Viewer, id: string): Promise<void> {
    if (!(await this.repo.markRead(id, viewer.userId, this.clock.iso()))) throw refuse('notification.not-found', 'notification not found');
  }

  /** How many of the viewer's in-app notifications are unread, counted up to UNREAD_CAP. */
  unreadCount(viewer: Viewer): Promise<number> {
    return this.repo.unreadCount(viewer.userId, UNREAD_CAP);
  }

  /** The same count as an expression of the user's id `userIdSql`, to be read with another statement (the web session's, see NotificationsPages). */
  unreadCountColumn(userIdSql: string): string {
    return this.repo.unreadCountColumn(userIdSql, UNREAD_CAP);
  }

  /** The viewer opened an inquiry: its notifications to the viewer are read. */
  markInquiryRead(viewer: Viewer, inquiryId: string): Promise<number> {
    return this.tx.run((em) => this.repo.markUnreadRead(viewer.userId, this.clock.iso(), { inquiryId }, em));
  }

  /** Marks read every unread notification of the viewer (created up to `upTo` when given: what the viewer saw). */
  async markAllRead(viewer: Viewer, dto: MarkAllReadDto): Promise<MarkedReadView> {
    const upTo = dto.upTo ? toIsoUtc(dto.upTo) : undefined;
    return { marked: await this.tx.run((em) => this.repo.markUnreadRead(viewer.userId, this.clock.iso(), { upTo }, em)) };
  }

  async preferences(viewer: Viewer): Promise<PreferencesView> {
    const [pref] = await this.repo.preferences([viewer.userId]);
    return { email: pref?.email ?? 'immediate' };
  }

  async setPreferences(viewer: Viewer, dto: PreferencesDto): Promise<PreferencesView> {
    const [pref] = await this.repo.preferences([viewer.userId]);
    await this.tx.run(async (em) => {
      await this.repo.savePreference({ userId: viewer.userId, email: dto.email, lastDigestAt: pref?.lastDigestAt ?? null, updatedAt: this.clock.iso() }, em);
      await this.audit.record(em, { actorId: viewer.userId, action: 'notifications.preferences-changed', details: { email: dto.email } });
    });
    return { email: dto.email };
  }

  /** Mail refused at least once, from its first refusal on: still retrying, or parked. */
  async failed(_viewer: Viewer, q: PageQuery): Promise<Page<FailedDeliveryView>> {
    const page = await this.repo.undelivered(q);
    return {
      ...page,
      items: page.items.map((d) => ({
        id: d.id,
        state: d.status === 'failed' ? 'failed' : 'retrying',
        nextAttemptAt: d.status === 'failed' ? null : d.nextAttemptAt,
        eventKind: d.eventKind,
        recipientId: d.recipientId,
        attempts: d.attempts,
        lastError: d.lastError,
        createdAt: d.createdAt,
      })),
    };
  }

  /** Puts a refused delivery back in the queue at once (parked or retrying), with a fresh count of attempts. */
  async retry(viewer: Viewer, id: string): Promise<void> {
    await this.tx.run(async (em) => {
      if (!(await this.repo.findUndelivered(id, em))) throw refuse('delivery.not-found', 'no failed delivery with this id');
      await this.repo.updateDelivery(id, { status: 'pending', attempts: 0, nextAttemptAt: this.clock.iso(), leaseUntil: null }, em);
      await this.audit.record(em, { actorId: viewer.userId, action: 'notifications.retried', details: { deliveryId: id } });
    });
  }
}
