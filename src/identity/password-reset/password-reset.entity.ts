import { Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { OneTimeLink } from '../one-time-link.js';
import { User } from '../user.entity.js';

/** A one-time link to choose a new password. */
@Entity('password_reset')
@Index('uq_password_reset_tokenHash', ['tokenHash'], { unique: true })
@Index('ix_password_reset_userId', ['userId'])
export class PasswordReset extends OneTimeLink {
  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId', foreignKeyConstraintName: 'fk_password_reset_userId' })
  user?: Relation<User>;
}
