import { Entity, PrimaryColumn } from 'typeorm';
import { RefColumn, TimeColumn } from './columns.js';

@Entity('idempotency_key')
export class IdempotencyKey {
  @PrimaryColumn({ type: 'varchar', length: 36 }) userId: string;
  @PrimaryColumn({ type: 'varchar', length: 40 }) scope: string;
  @PrimaryColumn({ type: 'varchar', length: 100 }) key: string;
  @RefColumn() resourceId: string;
  @TimeColumn() createdAt: string;
}
