import { Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { IdColumn, IntColumn, RefColumn, StringColumn, TimeColumn } from '../database/columns.js';
import { User } from '../identity/user.entity.js';
import { OutboxEvent } from '../events/outbox-event.entity.js';

export type Channel = 'email' | 'in-app';
/** pending → sent; or held for the daily digest; or failed (parked, listed for the secretariat). */
export type DeliveryStatus = 'pending' | 'held' | 'sent' | 'failed';

/** One event for one recipient on one channel: the unique (event, recipient, channel) is its idempotency key. */
@Entity('delivery')
@Index('uq_delivery_eventId_recipientId_channel', ['eventId', 'recipientId', 'channel'], { unique: true })
@Index('ix_delivery_channel_status_nextAttemptAt', ['channel', 'status', 'nextAttemptAt'])
@Index('ix_delivery_recipientId_channel_createdAt', ['recipientId', 'channel', 'createdAt'])
// Unread in-app notifications only: the menu's count and "opened, so read" touch nothing else.
@Index('ix_delivery_unread', ['recipientId', 'inquiryId'], { where: `channel = 'in-app' AND "readAt" IS NULL` })
export class Delivery {
  @IdColumn() id: string;
  @RefColumn() eventId: string;
  @StringColumn(60) eventKind: string;
  @RefColumn(true) inquiryId: string | null;
  /** The inquiry's reference, the one thing about it a notification may name. */
  @StringColumn(20, true) reference: string | null;
  @RefColumn() recipientId: string;
  @StringColumn(10) channel: Channel;
  @StringColumn(10) status: DeliveryStatus;
  @IntColumn() attempts: number;
  @TimeColumn() nextAttemptAt: string;
  @TimeColumn(true) leaseUntil: string | null;
  @StringColumn(200, true) lastError: string | null;
  @TimeColumn(true) sentAt: string | null;
  @TimeColumn(true) readAt: string | null;
  @TimeColumn() createdAt: string;

  @ManyToOne(() => OutboxEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId', foreignKeyConstraintName: 'fk_delivery_eventId' })
  event?: Relation<OutboxEvent>;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recipientId', foreignKeyConstraintName: 'fk_delivery_recipientId' })
  recipient?: Relation<User>;
}
