import type { Role } from './role.js';

/** Who is asking: every read and every command of the service takes one. */
export interface Viewer {
  readonly userId: string;
  readonly role: Role;
  readonly organizationId: string | null;
  readonly sessionId: string;
  /** The State (ISO 3166-1 alpha-2) of the viewer's organisation, when the session's lookup read it with the user. */
  readonly organizationCountry?: string;
}

/** `full`, or `mfa-enrolment`: a session that may only reach /me and the TOTP endpoints. */
export type SessionScope = 'full' | 'mfa-enrolment';
