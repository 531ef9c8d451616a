import type { User } from './user.entity.js';

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: User['role'];
  organizationId: string | null;
  languages: string[];
  mfaEnabled: boolean;
  active: boolean;
  createdAt: string;
}

export const toUserView = (u: User): UserView => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  organizationId: u.organizationId,
  languages: u.languages,
  mfaEnabled: u.mfaEnabled,
  active: u.active,
  createdAt: u.createdAt,
});
