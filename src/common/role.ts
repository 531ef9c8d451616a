export const ROLES = ['requester', 'expert', 'secretariat', 'observer'] as const;
export type Role = (typeof ROLES)[number];
