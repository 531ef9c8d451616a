import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { newId } from '../common/ids.js';
import { RawSql, type InsertRows } from '../database/raw-sql.js';
import type { DomainEvent } from './domain-events.js';
import type { OutboxEvent } from './outbox-event.entity.js';

/** Commands record what happened here, in their own transaction; delivery happens later. */
@Injectable()
export class Outbox {
  constructor(
    private readonly clock: Clock,
    private readonly sql: RawSql,
  ) {}

  async enqueue(em: EntityManager, event: DomainEvent): Promise<void> {
    await this.sql.insert('outbox_event', this.enqueueWrite(event).rows, em);
  }

  /** The event's insert, for a command that sends its writes together (RawSql.writeAll), in its transaction all the same. */
  enqueueWrite(event: DomainEvent): InsertRows {
    const row: OutboxEvent = {
      id: newId(),
      kind: event.kind,
      inquiryId: event.inquiryId ?? null,
      actorId: event.actorId,
      payload: JSON.stringify(event.payload ?? {}),
      createdAt: this.clock.iso(),
      processedAt: null,
      leaseUntil: null,
    };
    return { table: 'outbox_event', rows: [{ ...row }] };
  }
}
