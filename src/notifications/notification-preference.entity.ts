import { Entity, JoinColumn, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import { StringColumn, TimeColumn } from '../database/columns.js';
import { User } from '../identity/user.entity.js';

export const EMAIL_PREFERENCES = ['immediate', 'daily', 'off'] as const;
export type EmailPreference = (typeof EMAIL_PREFERENCES)[number];

@Entity('notification_preference')
export class NotificationPreference {
  @PrimaryColumn({ type: 'varchar', length: 36 }) userId: string;
  @StringColumn(10) email: EmailPreference;
  @TimeColumn(true) lastDigestAt: string | null;
  @TimeColumn() updatedAt: string;

  @OneToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId', foreignKeyConstraintName: 'fk_notification_preference_userId' })
  user?: Relation<User>;
}
