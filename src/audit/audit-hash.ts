import { createHash } from 'node:crypto';
import type { AuditEntry } from './audit-entry.entity.js';

export const GENESIS_HASH = '0'.repeat(64);

/** The hash of an entry covers every field and the hash of the entry before it. */
export function auditHash(e: Omit<AuditEntry, 'hash'>): string {
  const canonical = JSON.stringify([e.seq, e.id, e.at, e.actorId, e.action, e.inquiryId, e.details, e.prevHash]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
