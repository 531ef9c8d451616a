import { Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { IdColumn, RefColumn, StringColumn, TimeColumn } from '../database/columns.js';
import { User } from './user.entity.js';

@Entity('invitation')
@Index('uq_invitation_tokenHash', ['tokenHash'], { unique: true })
@Index('ix_invitation_userId', ['userId'])
export class Invitation {
  @IdColumn() id: string;
  @StringColumn(64) tokenHash: string;
  @RefColumn() userId: string;
  @TimeColumn() createdAt: string;
  @TimeColumn() expiresAt: string;
  @TimeColumn(true) usedAt: string | null;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId', foreignKeyConstraintName: 'fk_invitation_userId' })
  user?: Relation<User>;
}
