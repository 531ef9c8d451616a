import { ApiProperty } from '@nestjs/swagger';
import { LANGUAGES } from './dto/user.dto.js';
import { ROLES } from '../common/role.js';
import type { User } from './user.entity.js';
import type { ShownUser } from './user.repository.js';

export class UserView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'email' }) email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: User['role'];
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: "A requester's organisation" }) organizationId: string | null;
  @ApiProperty({ enum: LANGUAGES, isArray: true }) languages: string[];
  @ApiProperty() mfaEnabled: boolean;
  @ApiProperty({ description: 'The head of the secretariat, who exports reports' }) headOfSecretariat: boolean;
  @ApiProperty() active: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export const toUserView = (u: ShownUser): UserView => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  organizationId: u.organizationId,
  languages: u.languages,
  mfaEnabled: u.mfaEnabled,
  headOfSecretariat: Boolean(u.headOfSecretariat),
  active: u.active,
  createdAt: u.createdAt,
});
