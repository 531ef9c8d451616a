import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { newId } from '../common/ids.js';
import { RawSql } from '../database/raw-sql.js';
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
    await this.sql.insert('outbox_event', [{ ...row }], em);
  }
}
