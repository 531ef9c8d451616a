import type { Role } from './role.js';

/** Who is asking: every read and every command of the service takes one. */
export interface Viewer {
  readonly userId: string;
  readonly role: Role;
  readonly organizationId: string | null;
  readonly sessionId: string;
}

/** `full`, or `mfa-enrolment`: a session that may only reach /me and the TOTP endpoints. */
export type SessionScope = 'full' | 'mfa-enrolment';
