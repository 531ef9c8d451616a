import { Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { IdColumn, RefColumn, StringColumn, TimeColumn } from '../../database/columns.js';
import { User } from '../user.entity.js';

/** A one-time link to choose a new password: only the SHA-256 of its token is kept. */
@Entity('password_reset')
@Index('uq_password_reset_tokenHash', ['tokenHash'], { unique: true })
@Index('ix_password_reset_userId', ['userId'])
export class PasswordReset {
  @IdColumn() id: string;
  @StringColumn(64) tokenHash: string;
  @RefColumn() userId: string;
  @TimeColumn() createdAt: string;
  @TimeColumn() expiresAt: string;
  @TimeColumn(true) usedAt: string | null;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId', foreignKeyConstraintName: 'fk_password_reset_userId' })
  user?: Relation<User>;
}
