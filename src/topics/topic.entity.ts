import { Entity, PrimaryColumn } from 'typeorm';
import { BoolColumn, IntColumn, StringColumn, TextColumn, TimeColumn } from '../database/columns.js';

@Entity('topic')
export class Topic {
  @PrimaryColumn({ type: 'varchar', length: 60 }) slug: string;
  @StringColumn(60) group: string;
  @StringColumn(200) label: string;
  @TextColumn() covers: string;
  @IntColumn() position: number;
  /** A retired topic stays on the inquiries that have it but is offered for no new one. */
  @BoolColumn() retired: boolean;
  @TimeColumn() createdAt: string;
}
