import { Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { OneTimeLink } from './one-time-link.js';
import { User } from './user.entity.js';

/** A one-time link to set the first password of an invited account. */
@Entity('invitation')
@Index('uq_invitation_tokenHash', ['tokenHash'], { unique: true })
@Index('ix_invitation_userId', ['userId'])
export class Invitation extends OneTimeLink {
  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId', foreignKeyConstraintName: 'fk_invitation_userId' })
  user?: Relation<User>;
}
