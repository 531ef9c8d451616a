import type { InquiryView } from '../../inquiries/inquiry.view.js';
import { INQUIRY_LANGUAGES, PRIORITIES, SECRETARIAT_OUTCOMES, URGENCIES } from '../../inquiries/workflow.js';
import type { UserView } from '../../identity/user.view.js';
import { checked, dateField, field, list, type FormBody } from '../forms.js';
import { LANGUAGE_NAMES, type WebLanguage } from '../i18n.js';

/** The head of the query page: the inquiry, what the viewer may do, the moves of its status. */
export function inquiryView(inquiry: InquiryView, role: string, topicLabels: Record<string, string>): Record<string, unknown> {
  const can = inquiry.viewerCan;
  return {
    title: 'inquiry.title',
    reference: inquiry.reference,
    inq: inquiry,
    can,
    topicLabels,
    role,
    languageName: LANGUAGE_NAMES[inquiry.language as WebLanguage] ?? inquiry.language,
    transitions: can.transitions.map((m) => ({ to: m.to, label: inquiry.status === 'closed' ? 'reopen' : m.to, outcome: m.needsOutcome, reason: m.needsReason })),
    outcomes: SECRETARIAT_OUTCOMES,
  };
}

/**
 * The sharing panel of those who may share or take a participant off (the filing requester, the
 * secretariat): the colleagues of the requester's organisation, who already follows the query.
 */
export function sharingView(inquiry: InquiryView, colleagues: UserView[]): Record<string, unknown> {
  const can = inquiry.viewerCan;
  const others = colleagues.filter((u) => u.id !== inquiry.requesterId);
  const following = others.filter((u) => inquiry.participantIds.includes(u.id));
  return {
    participants: following.map((u) => u.name),
    removable: can.removeParticipants ? following.map((u) => ({ id: u.id, name: u.name })) : [],
    shareWith: can.share ? others.filter((u) => u.active && !inquiry.participantIds.includes(u.id)) : [],
  };
}

/** Who follows the query, for a colleague who may not change it: the names among its own organisation. */
export function participantsView(inquiry: InquiryView, colleagues: UserView[]): Record<string, unknown> {
  return { participants: colleagues.filter((u) => inquiry.participantIds.includes(u.id) || u.id === inquiry.requesterId).map((u) => u.name) };
}

/** The triage panel of the secretariat: who asked, the priority, tags and topics as they stand. */
export function triageView(inquiry: InquiryView, names: Map<string, string>, organizationName: string, topics: Array<{ slug: string; retired: boolean }>): Record<string, unknown> {
  return {
    requesterName: names.get(inquiry.requesterId) ?? '',
    organizationName,
    priorities: PRIORITIES,
    tagsText: inquiry.tags.join(', '),
    primaryTopic: inquiry.topics[0],
    topicChoices: topics.filter((t) => !t.retired || inquiry.topics.includes(t.slug)).map((t) => ({ slug: t.slug, secondary: inquiry.topics.slice(1).includes(t.slug) })),
  };
}

/** The new-query form with what was typed (after a refusal) or its defaults. */
export function newFormView(
  topics: Array<{ slug: string; label: string }>,
  lang: WebLanguage,
  values: Record<string, unknown>,
  error?: { key: string; detail?: string },
): Record<string, unknown> {
  const chosen = (values.topics as string[] | undefined) ?? [];
  return {
    title: 'newQuery.title',
    topicLabels: Object.fromEntries(topics.map((t) => [t.slug, t.label])),
    topicChoices: topics.map((t) => ({ slug: t.slug, secondary: chosen.slice(1).includes(t.slug) })),
    languages: INQUIRY_LANGUAGES.map((code) => ({ code, name: LANGUAGE_NAMES[code], selected: code === (values.language ?? lang) })),
    urgencies: URGENCIES,
    values: { urgency: 'normal', ...values, primaryTopic: chosen[0] },
    error,
  };
}

/** The API's CreateInquiryDto from the new-query form: the primary topic first, then the others. */
export function newInquiryInput(fields: FormBody): Record<string, unknown> {
  const primary = field(fields, 'primaryTopic');
  const others = list(fields, 'topics').filter((t) => t !== primary);
  return {
    subject: field(fields, 'subject', true)?.trim(),
    body: field(fields, 'body', true),
    topics: primary ? [primary, ...others] : others,
    language: field(fields, 'language'),
    urgency: field(fields, 'urgency'),
    desiredBy: dateField(fields, 'desiredBy'),
    publicationConsent: checked(fields, 'publicationConsent'),
  };
}

/** The API's TriageDto from the triage form: tags split on commas, the primary topic first. */
export function triageInput(body: FormBody): Record<string, unknown> {
  const primary = field(body, 'primaryTopic');
  return {
    version: Number(field(body, 'version')),
    priority: field(body, 'priority'),
    tags: (field(body, 'tags') ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    dueAt: field(body, 'dueAt') === undefined ? null : dateField(body, 'dueAt'),
    topics: primary ? [primary, ...list(body, 'topics').filter((t) => t !== primary)] : undefined,
  };
}
