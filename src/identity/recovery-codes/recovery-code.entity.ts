import { Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { IdColumn, RefColumn, StringColumn, TimeColumn } from '../../database/columns.js';
import { User } from '../user.entity.js';

/** One recovery code of the second factor: its argon2id hash under the salt of its batch. */
@Entity('recovery_code')
@Index('ix_recovery_code_userId', ['userId'])
export class RecoveryCode {
  @IdColumn() id: string;
  @RefColumn() userId: string;
  @StringColumn(32) salt: string;
  @StringColumn(64) codeHash: string;
  @TimeColumn() createdAt: string;
  @TimeColumn(true) usedAt: string | null;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId', foreignKeyConstraintName: 'fk_recovery_code_userId' })
  user?: Relation<User>;
}
