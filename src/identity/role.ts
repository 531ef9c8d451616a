export const ROLES = ['requester', 'expert', 'secretariat'] as const;
export type Role = (typeof ROLES)[number];
