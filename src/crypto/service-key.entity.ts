import { Entity, PrimaryColumn } from 'typeorm';
import { TextColumn, TimeColumn } from '../database/columns.js';

/** Keys of the service itself (search tokens, small secrets), stored wrapped by the master key. */
@Entity('service_key')
export class ServiceKey {
  @PrimaryColumn({ type: 'varchar', length: 40 }) purpose: string;
  @TextColumn() wrappedKey: string;
  @TimeColumn() createdAt: string;
}
