import { Entity, JoinColumn, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import { BoolColumn, IntColumn, JsonColumn, TimeColumn } from '../database/columns.js';
import { User } from '../identity/user.entity.js';

@Entity('expert_profile')
export class ExpertProfile {
  @PrimaryColumn({ type: 'varchar', length: 36 }) userId: string;
  @JsonColumn() topics: string[];
  @JsonColumn() languages: string[];
  @JsonColumn() regions: string[];
  /** States the expert must not advise: nationality, employer, recent engagements. */
  @JsonColumn() conflictCountries: string[];
  @IntColumn() maxActive: number;
  @BoolColumn() available: boolean;
  @TimeColumn() updatedAt: string;

  @OneToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId', foreignKeyConstraintName: 'fk_expert_profile_userId' })
  user?: Relation<User>;
}
