import type { WebI18n, WebLanguage } from '../i18n.js';

/** An entry of the audit trail as the audit page reads it. */
export interface AuditEntryIn {
  seq: number | null;
  at: string;
  actorId: string | null;
  action: string;
  details: unknown;
}

type Details = Record<string, unknown>;

const PEOPLE_FIELDS = ['userId', 'expertId', 'onBehalfOf'] as const;
const TRIAGE_FIELDS: Record<string, string> = { priority: 'inquiry.priority', tags: 'inquiry.tags', dueAt: 'inquiry.dueAt', topics: 'inquiry.topics' };

const detailsOf = (e: AuditEntryIn): Details => (e.details && typeof e.details === 'object' ? (e.details as Details) : {});
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
/** A name set into a sentence, isolated so that its own direction cannot reorder the words around it. */
const isolate = (s: string): string => `\u2068${s}\u2069`;

/** The people an audit page names, in one query: the actors and the people its entries are about. */
export function auditPeopleIds(entries: AuditEntryIn[]): string[] {
  const ids: string[] = [];
  for (const e of entries) {
    if (e.actorId) ids.push(e.actorId);
    const d = detailsOf(e);
    for (const f of PEOPLE_FIELDS) if (text(d[f])) ids.push(d[f] as string);
  }
  return ids;
}

interface Described {
  text: string;
  link?: { href: string; key: string };
}

/**
 * One entry in words in the page's language: what happened, to whom, with references (a message,
 * the linked query) as links; never the stored ids or JSON. An action the catalogue does not know
 * is named by its code, so that nothing recorded is hidden.
 */
export function describeEntry(i18n: WebI18n, lang: WebLanguage, inquiryId: string, e: AuditEntryIn, names: Map<string, string>): Described {
  const d = detailsOf(e);
  const person = (v: unknown) => {
    const id = text(v);
    return id ? isolate(names.get(id) ?? i18n.t(lang, 'qp.audit.someone')) : i18n.t(lang, 'qp.audit.someone');
  };
  const status = (v: unknown) => (text(v) ? i18n.t(lang, `status.${text(v)}`) : '');
  const t = (key: string, params: Record<string, unknown> = {}) => i18n.t(lang, key, params);
  const messageLink = text(d.messageId) ? { href: `/inquiries/${inquiryId}#m-${text(d.messageId)}`, key: 'qp.audit.seeMessage' } : undefined;
  switch (e.action) {
    case 'inquiry.submitted':
      return {
        text: text(d.onBehalfOf)
          ? t('qp.audit.submittedFor', { reference: text(d.reference) ?? '', person: person(d.onBehalfOf) })
          : t('qp.audit.submitted', { reference: text(d.reference) ?? '' }),
      };
    case 'inquiry.read':
      return { text: t(d.view === 'summary' ? 'qp.audit.readSummary' : 'qp.audit.read') };
    case 'thread.read':
      return { text: t('qp.audit.threadRead', { count: typeof d.messages === 'number' ? d.messages : 0 }) };
    case 'inquiry.triaged': {
      const fields = Array.isArray(d.fields) ? d.fields.filter((f): f is string => typeof f === 'string').map((f) => (TRIAGE_FIELDS[f] ? t(TRIAGE_FIELDS[f]) : f)) : [];
      return { text: t('qp.audit.triaged', { fields: fields.join(', ') }) };
    }
    case 'inquiry.status-changed': {
      const base = t('qp.audit.moved', { from: status(d.from), to: status(d.to) });
      const extra = [
        text(d.outcome) ? t('qp.audit.withOutcome', { outcome: t(`outcome.${text(d.outcome)}`) }) : '',
        d.reasonGiven === true ? t('qp.audit.withReason') : '',
        text(d.cause) && i18n.has(lang, `qp.audit.cause.${text(d.cause)}`) ? t(`qp.audit.cause.${text(d.cause)}`) : '',
      ].filter(Boolean);
      return { text: [base, ...extra].join(' ') };
    }
    case 'inquiry.shared':
      return { text: t('qp.audit.shared', { person: person(d.userId) }) };
    case 'inquiry.participant-removed':
      return { text: t('qp.audit.unshared', { person: person(d.userId) }) };
    case 'inquiry.overdue':
      return { text: t('qp.audit.overdue', { date: i18n.date(lang, text(d.dueAt), false) }) };
    case 'inquiry.linked':
      return { text: t('qp.audit.linked'), link: text(d.other) ? { href: `/inquiries/${text(d.other)}`, key: 'qp.audit.seeLinked' } : undefined };
    case 'message.posted':
      return { text: t(d.visibility === 'internal' ? 'qp.audit.notePosted' : d.clearance === 'pending' ? 'qp.audit.replyPosted' : 'qp.audit.messagePosted'), link: messageLink };
    case 'message.cleared':
    case 'message.returned':
    case 'attachment.uploaded':
    case 'attachment.downloaded':
      return { text: t(`qp.audit.${e.action}`), link: messageLink };
    case 'assignment.proposed':
    case 'assignment.accepted':
    case 'assignment.declined':
    case 'assignment.completed':
    case 'assignment.withdrawn':
      return { text: t(`qp.audit.${e.action}`, { person: person(d.expertId) }) };
    default: {
      const key = `qp.audit.${e.action}`;
      return { text: i18n.has(lang, key) || i18n.has('en', key) ? t(key) : e.action };
    }
  }
}

/** The audit page's view model: each entry in words, its actor named. */
export function auditView(
  i18n: WebI18n,
  lang: WebLanguage,
  inquiry: { id: string; reference: string },
  page: { items: AuditEntryIn[]; total: number; nextCursor: string | null },
  names: Map<string, string>,
): Record<string, unknown> {
  return {
    title: 'audit.title',
    reference: inquiry.reference,
    inquiryId: inquiry.id,
    total: page.total,
    entries: page.items.map((e) => ({
      seq: e.seq,
      at: e.at,
      actor: e.actorId ? (names.get(e.actorId) ?? i18n.t(lang, 'qp.audit.someone')) : null,
      ...describeEntry(i18n, lang, inquiry.id, e, names),
    })),
    next: page.nextCursor ? `/inquiries/${inquiry.id}/audit?cursor=${page.nextCursor}` : null,
  };
}
