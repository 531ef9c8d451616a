import { Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, StringColumn, TextColumn, TimeColumn } from '../database/columns.js';

@Entity('outbox_event')
@Index('ix_outbox_event_processedAt_createdAt', ['processedAt', 'createdAt'])
export class OutboxEvent {
  @IdColumn() id: string;
  @StringColumn(60) kind: string;
  @RefColumn(true) inquiryId: string | null;
  @RefColumn(true) actorId: string | null;
  /** Ids and codes only: never confidential text. */
  @TextColumn() payload: string;
  @TimeColumn() createdAt: string;
  @TimeColumn(true) processedAt: string | null;
  /** While a dispatcher expands the event, others leave it alone; a crashed one's lease runs out. */
  @TimeColumn(true) leaseUntil: string | null;
}
