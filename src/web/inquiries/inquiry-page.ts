import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AccessPolicy } from '../../access/access-policy.js';
import type { Viewer } from '../../common/viewer.js';
import { AssignmentsService } from '../../experts/assignments.service.js';
import { ExpertsService } from '../../experts/experts.service.js';
import { OrganizationsService } from '../../identity/organizations.service.js';
import { UsersService } from '../../identity/users.service.js';
import { InquiriesService } from '../../inquiries/inquiries.service.js';
import type { InquiryView } from '../../inquiries/inquiry.view.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import { TopicsService, type TopicView } from '../../topics/topics.service.js';
import type { FormRefusal, FormState } from '../form-view.js';
import { asFormFields } from '../forms.js';
import { Messaging } from '../messaging.js';
import { topicLabelsOf, WebPages, type PageRequest } from '../web-page.js';
import { assignedExpertIds, assignmentsView } from './assignments.presenter.js';
import { inquiryView, participantsView, sharingView, triageView } from './inquiry.presenter.js';
import { threadAuthorIds, threadView } from './thread.presenter.js';

/** The names of the page's forms (FormState.name) that its templates name too; below, each form with its fields named as on the page. */
const TRIAGE_FORM = 'triage';
const NEW_MESSAGE_FORM = 'message-new';
const REPLY_FORM = 'reply-';

/**
 * The query's page, composed once for its GET and for every form on it that a refusal shows again
 * (the reply, the triage, a move, a proposal, a return, a link, an expert's answer to a proposal):
 * the same reads and the same access checks (a viewer who may not see the query gets the same 404
 * or 403 as the GET, never the page), with the refused form's input and its errors when given.
 */
@Injectable()
export class InquiryPage {
  constructor(
    private readonly pages: WebPages,
    private readonly inquiries: InquiriesService,
    private readonly experts: ExpertsService,
    private readonly assignments: AssignmentsService,
    private readonly messaging: Messaging,
    private readonly topics: TopicsService,
    private readonly users: UsersService,
    private readonly organizations: OrganizationsService,
    private readonly policy: AccessPolicy,
    private readonly notifications: NotificationsService,
  ) {}

  /** The page, with `form` (which of its forms, what was typed, the refusal) shown again with `status`. */
  async render(req: PageRequest, reply: FastifyReply, id: string, form?: FormState, status = 200): Promise<void> {
    const viewer = req.viewer!;
    const inquiry = await this.inquiries.get(viewer, id);
    // Opened, so its notifications to the viewer are read (before the menu counts them).
    // Every topic (retired included) once: the labels the page shows and the triage form's choices.
    const [marked, topics, mineList] = await Promise.all([
      this.notifications.markInquiryRead(viewer, id),
      this.topics.list(viewer, true),
      // The viewer's own assignments on it (an expert's; others have none), with what it may do with each.
      this.assignments.list(viewer, { mine: 'true', inquiryId: id, limit: 100 }),
    ]);
    // The menu's unread count read with the session no longer holds: counted again.
    if (marked > 0) this.pages.forgetSessionReads(req);
    const mine = mineList.items;
    const topicLabels = topicLabelsOf(topics);
    if (inquiry.view === 'summary') {
      return this.pages.render(
        req,
        reply,
        'inquiry-summary',
        { title: 'inquiry.title', reference: inquiry.reference, inq: inquiry, topicLabels, proposed: mine.find((a) => a.viewerCan.accept || a.viewerCan.decline) ?? null, form },
        status,
      );
    }
    const triage = inquiry.viewerCan.triage;
    const [thread, colleagues, panels, extras] = await Promise.all([
      this.messaging.messages.thread(viewer, id),
      this.colleagues(viewer, inquiry),
      triage ? this.secretariatPanels(viewer, inquiry, topics) : null,
      this.pages.inquiryExtras(viewer, id),
    ]);
    const pendingClearance = thread.filter((m) => m.viewerCan.clear).length;
    const data = { ...inquiryView(inquiry, viewer.role, topicLabels, pendingClearance), myAssignment: mine.find((a) => a.viewerCan.complete) ?? null };
    // Every name the page shows (the thread's authors, the requester, the experts on it) in one query.
    const nameIds = [
      ...(this.policy.seesNames(viewer) ? threadAuthorIds(thread) : []),
      ...(panels ? [inquiry.requesterId, ...assignedExpertIds(panels.assigned, panels.suggestions)] : []),
    ];
    const names = nameIds.length ? await this.users.names(viewer, nameIds) : new Map<string, string>();
    Object.assign(data, threadView(viewer, thread, names));
    Object.assign(data, inquiry.viewerCan.share || inquiry.viewerCan.removeParticipants ? sharingView(inquiry, colleagues) : participantsView(inquiry, colleagues));
    if (panels) {
      const lang = this.pages.language(req, reply);
      Object.assign(data, triageView(inquiry, names, panels.organizationName, panels.topics, form?.name === TRIAGE_FORM ? form.values : undefined));
      Object.assign(data, assignmentsView(this.pages.i18n, lang, panels.suggestions, panels.assigned, names, topicLabels));
    }
    Object.assign(data, extras, { fileRefused: (req.query as Record<string, unknown>).file === 'refused' && inquiry.viewerCan.attachFiles });
    await this.pages.render(req, reply, 'inquiry', { ...data, ...refusedForm(inquiry, form) }, status);
  }

  /** The requester's colleagues who may follow the query: of its organisation for those who may share, else of the viewer's own. */
  private async colleagues(viewer: Viewer, inquiry: InquiryView) {
    const can = inquiry.viewerCan;
    const organizationId = can.share || can.removeParticipants ? inquiry.organizationId : viewer.organizationId;
    if (!organizationId) return [];
    return (await this.users.list(viewer, { role: 'requester', organizationId, limit: 100 })).items;
  }

  private async secretariatPanels(viewer: Viewer, inquiry: InquiryView, topics: TopicView[]) {
    const [suggestions, assigned, organization] = await Promise.all([
      this.experts.suggestions(viewer, inquiry.id),
      this.assignments.list(viewer, { inquiryId: inquiry.id, limit: 100 }),
      this.organizations.get(viewer, inquiry.organizationId),
    ]);
    return { suggestions, assigned: assigned.items, organizationName: organization.name, topics };
  }
}

/**
 * Where the refused form stands on the page: its panel opened, and a message whose form the page
 * no longer offers (the query closed meanwhile) kept in a read-only box beside its error, so that
 * the text typed is never lost.
 */
function refusedForm(inquiry: InquiryView, form: FormState | undefined): Record<string, unknown> {
  if (!form?.name) return { form };
  const name = form.name;
  const message = name === NEW_MESSAGE_FORM || name.startsWith(REPLY_FORM);
  if (message && !inquiry.viewerCan.postShared) {
    return { form: { ...form, ids: { ...form.ids, body: 'body-kept' } }, keptMessage: form.values.body ?? '' };
  }
  return { form, movesOpen: name.startsWith('move-'), assignOpen: name.startsWith('assign-') };
}

/** The message form (a new message, or a reply to `parentId`) shown again: the text and the visibility chosen. */
export function messageForm(values: { body?: string; visibility?: string; parentId?: string }, refused: FormRefusal): FormState {
  const key = values.parentId ?? 'new';
  return {
    name: values.parentId ? `${REPLY_FORM}${values.parentId}` : NEW_MESSAGE_FORM,
    values: { body: values.body ?? '', visibility: values.visibility ?? 'shared' },
    // A reply to a message that cannot be answered is said beside the text.
    refusal: asFormFields(refused, { parentId: 'body' }),
    ids: { body: `body-${key}`, visibility: `vis-shared-${key}` },
    labels: { body: 'thread.message', visibility: 'thread.visibility' },
    // What makes the text impossible to post now is said beside the text.
    fieldOf: { 'inquiry.closed': 'body', 'message.parent-invalid': 'body' },
  };
}

export function triageForm(values: Record<string, unknown>, refused: FormRefusal): FormState {
  return {
    name: TRIAGE_FORM,
    values,
    refusal: refused,
    ids: { topics: 'triage-topics' },
    labels: { priority: 'inquiry.priority', dueAt: 'inquiry.dueAt', tags: 'inquiry.tags', primaryTopic: 'inquiry.primaryTopic', topics: 'newQuery.otherTopics' },
  };
}

/** A move of the status with what it needs (an outcome, a reason). */
export function moveForm(to: string, values: { reason?: string; outcome?: string }, refused: FormRefusal): FormState {
  return {
    name: `move-${to}`,
    values: { reason: values.reason ?? '', outcome: values.outcome ?? '' },
    refusal: refused,
    ids: { reason: `reason-${to}`, outcome: `outcome-${to}` },
    labels: { reason: 'workflow.reason', outcome: 'workflow.outcome' },
    fieldOf: { 'inquiry.outcome-required': 'outcome', 'inquiry.outcome-not-allowed': 'outcome', 'inquiry.reason-required': 'reason' },
  };
}

/** The proposal of one suggested expert. */
export function assignForm(expertId: string, values: { role?: string; dueAt?: string; overrideReason?: string }, refused: FormRefusal): FormState {
  return {
    name: `assign-${expertId}`,
    values,
    refusal: asFormFields(refused, { 'overrideConflict.reason': 'overrideReason', overrideConflict: 'overrideReason', expertId: 'role' }),
    ids: { role: `role-${expertId}`, dueAt: `due-${expertId}`, overrideReason: `override-${expertId}` },
    labels: { role: 'assign.role', dueAt: 'inquiry.dueAt', overrideReason: 'assign.overrideReason' },
    fieldOf: { 'assignment.conflict-of-interest': 'overrideReason' },
  };
}

/** The return of an expert's reply to its author, with the reason. */
export function returnForm(messageId: string, reason: string | undefined, refused: FormRefusal): FormState {
  return {
    name: `return-${messageId}`,
    values: { reason: reason ?? '' },
    refusal: refused,
    ids: { reason: `return-${messageId}` },
    labels: { reason: 'thread.returnReasonLabel' },
  };
}

/** The link to another query: its reference as typed, the kind, the reason. */
export function linkForm(values: { other?: string; kind?: string; reason?: string }, refused: FormRefusal): FormState {
  return {
    name: 'link',
    values,
    // The API names the other query `inquiryId`; the form, `other`.
    refusal: asFormFields(refused, { inquiryId: 'other' }),
    ids: { other: 'link-other', kind: 'link-kind', reason: 'link-reason' },
    labels: { other: 'links.other', kind: 'links.kind', reason: 'links.reason' },
    fieldOf: { 'link.self': 'other', 'link.exists': 'other', 'link.duplicate-other-state': 'other', 'link.duplicate-chain': 'kind' },
  };
}

/** The expert's answer to a proposal: declining with a reason, or accepting with the declaration. */
export function declineForm(reason: string | undefined, refused: FormRefusal): FormState {
  return { name: 'decline', values: { reason: reason ?? '' }, refusal: refused, ids: { reason: 'reason' }, labels: { reason: 'summary.declineReason' } };
}

export function acceptForm(refused: FormRefusal): FormState {
  return { name: 'accept', values: {}, refusal: refused, ids: { noConflict: 'noConflict' } };
}
