/** An entry of the audit trail as the audit page reads it. */
export interface AuditEntryIn {
  actorId: string | null;
  details: unknown;
}

/** The people an audit page names: the actors of its entries. */
export const auditActorIds = (entries: AuditEntryIn[]): string[] => entries.map((e) => e.actorId).filter((a): a is string => a !== null);

/** The audit page's view model: each entry with its actor named. */
export function auditView(
  inquiry: { id: string; reference: string },
  page: { items: AuditEntryIn[]; total: number; nextCursor: string | null },
  names: Map<string, string>,
): Record<string, unknown> {
  return {
    title: 'audit.title',
    reference: inquiry.reference,
    inquiryId: inquiry.id,
    total: page.total,
    entries: page.items.map((e) => ({ ...e, actor: e.actorId ? (names.get(e.actorId) ?? e.actorId) : null, details: JSON.stringify(e.details) })),
    next: page.nextCursor ? `/inquiries/${inquiry.id}/audit?cursor=${page.nextCursor}` : null,
  };
}
