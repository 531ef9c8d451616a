import type { FormRefusal, FormState } from '../form-view.js';
import { nextAction, offeredMoves, statusWords } from '../../access/page-guidance.js';
import type { Role } from '../../common/role.js';
import type { UserView } from '../../identity/user.view.js';
import type { InquiryView } from '../../inquiries/inquiry.view.js';
import { INQUIRY_LANGUAGES, PRIORITIES, URGENCIES } from '../../common/workflow.js';
import { checked, dateField, field, list, type FormBody } from '../forms.js';
import { LANGUAGE_NAMES, type WebLanguage } from '../i18n.js';

/**
 * The head of the query page: the inquiry, what the viewer may do, what waits for it first, and
 * the moves of its status as the page offers them (the secretariat's "mark as triaged" goes into
 * the triage form, so that nothing typed there is lost by a second form).
 */
export function inquiryView(inquiry: InquiryView, role: Role, topicLabels: Record<string, string>, pendingClearance: number): Record<string, unknown> {
  const can = inquiry.viewerCan;
  const moves = offeredMoves(inquiry.status, can.transitions).map((m) => ({
    to: m.to,
    // Its form's name on the page (FormState.name), for a refused move shown again.
    formName: `move-${m.to}`,
    label: inquiry.status === 'closed' ? 'reopen' : m.to,
    outcome: m.needsOutcome,
    outcomes: m.outcomes,
    reason: m.needsReason,
    confirm: m.confirm,
  }));
  const markTriaged = can.triage ? moves.find((m) => m.to === 'triaged' && m.label === 'triaged') : undefined;
  const next = nextAction(role, inquiry.status, can, pendingClearance);
  return {
    title: 'inquiry.title',
    reference: inquiry.reference,
    inq: inquiry,
    can,
    topicLabels,
    role,
    next,
    statusWords: statusWords(role),
    languageName: LANGUAGE_NAMES[inquiry.language as WebLanguage] ?? inquiry.language,
    transitions: moves.filter((m) => m !== markTriaged),
    markTriaged: Boolean(markTriaged),
  };
}

/** The second step of a move that ends the query (close, withdraw): what was chosen, to confirm or cancel. */
export function confirmMoveView(
  inquiry: { id: string; reference: string; language: string; subject?: string },
  role: Role,
  move: { to?: string; outcome?: string; reason?: string },
): Record<string, unknown> {
  return {
    title: 'confirm.title',
    reference: inquiry.reference,
    inq: inquiry,
    statusWords: statusWords(role),
    move,
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

/**
 * The triage panel of the secretariat: who asked, the priority, due date, tags and topics as they
 * stand, or as typed (`typed`, from triageValues) when the form was refused.
 */
export function triageView(
  inquiry: InquiryView,
  names: Map<string, string>,
  organizationName: string,
  topics: Array<{ slug: string; retired: boolean }>,
  typed?: Record<string, unknown>,
): Record<string, unknown> {
  const secondary = typed ? ((typed.topics as string[] | undefined) ?? []) : inquiry.topics.slice(1);
  return {
    requesterName: names.get(inquiry.requesterId) ?? '',
    organizationName,
    priorities: PRIORITIES,
    triagePriority: typed ? typed.priority : inquiry.priority,
    dueAtText: typed ? (typed.dueAt ?? '') : (inquiry.dueAt?.slice(0, 10) ?? ''),
    tagsText: typed ? (typed.tags ?? '') : inquiry.tags.join(', '),
    primaryTopic: typed ? typed.primaryTopic : inquiry.topics[0],
    topicChoices: topics.filter((t) => !t.retired || inquiry.topics.includes(t.slug)).map((t) => ({ slug: t.slug, secondary: secondary.includes(t.slug) })),
  };
}

/** What the triage form held, as typed (the date and the tags as text), to show it again after a refusal. */
export function triageValues(body: FormBody): Record<string, unknown> {
  return {
    priority: field(body, 'priority'),
    dueAt: field(body, 'dueAt') ?? '',
    tags: field(body, 'tags', true) ?? '',
    primaryTopic: field(body, 'primaryTopic'),
    topics: list(body, 'topics'),
  };
}

/** The new-query form with what was typed (after a refusal) or its defaults. */
export function newFormView(topics: Array<{ slug: string; label: string }>, lang: WebLanguage, values: Record<string, unknown>, refused?: FormRefusal): Record<string, unknown> {
  const chosen = (values.topics as string[] | undefined) ?? [];
  const form: FormState = { values, refusal: refused ?? null, labels: NEW_QUERY_LABELS, ids: { topics: 'other-topics' } };
  return {
    form,
    title: 'newQuery.title',
    topicLabels: Object.fromEntries(topics.map((t) => [t.slug, t.label])),
    topicChoices: topics.map((t) => ({ slug: t.slug, secondary: chosen.slice(1).includes(t.slug) })),
    languages: INQUIRY_LANGUAGES.map((code) => ({ code, name: LANGUAGE_NAMES[code], selected: code === (values.language ?? lang) })),
    urgencies: URGENCIES,
    values: { urgency: 'normal', ...values, primaryTopic: chosen[0] },
  };
}

const NEW_QUERY_LABELS = {
  subject: 'newQuery.subject',
  body: 'newQuery.body',
  primaryTopic: 'newQuery.primaryTopic',
  topics: 'newQuery.otherTopics',
  language: 'newQuery.language',
  urgency: 'newQuery.urgency',
  desiredBy: 'newQuery.desiredBy',
};

/**
 * A refusal of the new query placed on the form's own fields: the API's `topics` holds the primary
 * topic and up to four others, so "at most 5 topics" reads "at most 4" beside the other topics
 * (the form's hint says four), and a missing topic is the primary one.
 */
export function newQueryRefusal(r: FormRefusal): FormRefusal {
  const fields = r.fields.map((f) => {
    if (f.field !== 'topics') return f;
    if (f.code === 'field.too-many' && typeof f.params.max === 'number') return { ...f, params: { ...f.params, max: f.params.max - 1 } };
    if (f.code === 'field.too-few' || f.code === 'field.required') return { ...f, field: 'primaryTopic' };
    return f;
  });
  return { ...r, fields };
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
