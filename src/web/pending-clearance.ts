import type { AuditTrail } from '../audit/audit-trail.js';

/** How far back the queue looks for replies waiting for clearance. */
const WINDOW = 100;

/**
 * Replies waiting for the secretariat's clearance, counted per inquiry from the audit trail: the
 * expert replies recorded as posted pending clearance, less those since cleared or returned. No
 * service lists pending replies across inquiries, and a thread read per row would cost a query per
 * row; three bounded reads of the trail cover the latest replies (older ones show on the query page).
 */
export async function pendingClearance(trail: AuditTrail): Promise<Map<string, number>> {
  const [posted, cleared, returned] = await Promise.all([
    trail.list({ action: 'message.posted' }, WINDOW),
    trail.list({ action: 'message.cleared' }, WINDOW * 2),
    trail.list({ action: 'message.returned' }, WINDOW * 2),
  ]);
  const settled = new Set([...cleared.items, ...returned.items].map((e) => e.details.messageId));
  const counts = new Map<string, number>();
  for (const e of posted.items) {
    if (e.details.clearance !== 'pending' || !e.inquiryId || settled.has(e.details.messageId)) continue;
    counts.set(e.inquiryId, (counts.get(e.inquiryId) ?? 0) + 1);
  }
  return counts;
}
