import type { Role } from '../identity/role.js';

/** Who is asking: every read and every command of the service takes one. */
export interface Viewer {
  readonly userId: string;
  readonly role: Role;
  readonly organizationId: string | null;
  readonly sessionId: string;
}
