import type { AuditEntry } from './audit-entry.entity.js';

export const GENESIS_LINK = '0'.repeat(64);

/** What an entry's link covers: every field, its position, its key version and the link before it. */
export const linkInput = (e: Omit<AuditEntry, 'hash'>): string => JSON.stringify([e.seq, e.id, e.at, e.actorId, e.action, e.inquiryId, e.details, e.keyVersion, e.prevHash]);
