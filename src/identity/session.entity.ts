import { Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { IdColumn, RefColumn, StringColumn, TimeColumn } from '../database/columns.js';
import type { SessionScope } from '../common/viewer.js';
import { User } from './user.entity.js';

export type SessionChannel = 'api' | 'web';

@Entity('session')
@Index('uq_session_tokenHash', ['tokenHash'], { unique: true })
@Index('ix_session_userId', ['userId'])
export class Session {
  @IdColumn() id: string;
  /** SHA-256 of the bearer token; the token itself is never stored. */
  @StringColumn(64) tokenHash: string;
  @RefColumn() userId: string;
  @StringColumn(20) scope: SessionScope;
  @StringColumn(10) channel: SessionChannel;
  @TimeColumn() createdAt: string;
  @TimeColumn() lastSeenAt: string;
  /** The absolute end of the session, whatever the activity. */
  @TimeColumn() expiresAt: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId', foreignKeyConstraintName: 'fk_session_userId' })
  user?: Relation<User>;
}
