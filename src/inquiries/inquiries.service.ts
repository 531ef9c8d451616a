import { Inject, Injectable } from '@nestjs/common';
import { AccessPolicy, ExpertStanding, type AccessFacts } from '../access/access-policy.js';
import { enforce } from '../access/decision.js';
import type { EntityManager } from 'typeorm';
import { AttachmentStore } from '../attachments/attachment-store.js';
import { AuditTrail } from '../audit/audit-trail.js';
import { Clock } from '../common/clock.js';
import { newId } from '../common/ids.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { toIsoUtc } from '../common/validators.js';
import type { Page } from '../common/page.js';
import type { Viewer } from '../common/viewer.js';
import { DataKeys } from '../crypto/data-keys.js';
import { searchPrefixes, searchWords } from '../crypto/search-words.js';
import { ServiceKeys } from '../crypto/service-keys.js';
import { Idempotency } from '../database/idempotency.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { count, RawSql, type SqlCondition } from '../database/raw-sql.js';
import { UsersService } from '../identity/users.service.js';
import { Outbox } from '../events/outbox.js';
import { TopicsService } from '../topics/topics.service.js';
import type { CreateInquiryDto } from './dto/create-inquiry.dto.js';
import type { ListInquiriesQuery } from './dto/list-inquiries.query.js';
import type { Inquiry } from './inquiry.entity.js';
import { InquiryRepository, type InquiryFilter, type VisibleInquiry } from './inquiry.repository.js';
import { BODY, openTexts, SUBJECT, toInquiryView, toListItem, toSummaryView, type InquiryListItem, type InquirySummaryView, type InquiryView } from './inquiry.view.js';
import { answerDue, SLA_RUNNING } from './sla.js';
import { OPEN_STATUSES, type InquiryStatus } from '../common/workflow.js';

const DAY_MS = 86_400_000;

export interface QueueCounts {
  open: number;
  new: number;
  overdue: number;
  clearance: number;
  all: number;
}

/**
 * A row of the secretariat's queue: what its cells show, and its marks. Its subject is null when
 * the viewer may only see the summary (the queue's viewers, the secretariat, see every inquiry
 * whole); so are its priority and last activity then.
 */
export interface QueueItem {
  id: string;
  reference: string;
  status: InquiryStatus;
  language: string;
  country: string;
  urgency: Inquiry['urgency'];
  priority: Inquiry['priority'] | null;
  /** The primary topic's slug. */
  topic: string | undefined;
  dueAt: string | null;
  updatedAt: string | null;
  purgedAt: string | null;
  subject: string | null;
  /** Whole days past the answer's due moment: null when not overdue, 0 in its first day. */
  overdueDays: number | null;
  /** Replies waiting for clearance. */
  pending: number;
  /** Still running and no expert proposed, accepted or done. */
  noExpert: boolean;
}
import { refuse } from '../common/errors/refusal.js';

export const INQUIRY_NOT_FOUND = 'inquiry not found';
const REFERENCE = /^CTI-\d{4}-\d{4,}$/i;

/** Intake and reading: filing a query, opening one, listing what the viewer may see. */
@Injectable()
export class InquiriesService {
  constructor(
    private readonly inquiries: InquiryRepository,
    private readonly policy: AccessPolicy,
    private readonly users: UsersService,
    private readonly topics: TopicsService,
    private readonly dataKeys: DataKeys,
    private readonly files: AttachmentStore,
    private readonly serviceKeys: ServiceKeys,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
    private readonly idempotency: Idempotency,
    private readonly tx: TransactionRunner,
    private readonly sql: RawSql,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Notes, in the caller's transaction, that the requester can now read a reply (the first one counts). */
  noteReplyVisible(inquiryId: string, em: EntityManager): Promise<void> {
    return this.inquiries.noteFirstReply(inquiryId, this.clock.iso(), em);
  }

  /** The same, as a write for the caller to send with its others (RawSql.writeAll). */
  replyVisibleWrite(inquiryId: string): SqlCondition {
    return this.inquiries.firstReplyWrite(inquiryId, this.clock.iso());
  }

  /** A requester files a query (or the secretariat files it on a requester's behalf). */
  async submit(viewer: Viewer, dto: CreateInquiryDto, idempotencyKey?: string): Promise<InquiryView> {
    const requester = await this.requesterFor(viewer, dto);
    return this.idempotency.once(
      viewer,
      'inquiry.submit',
      idempotencyKey,
      async (em) => {
        // The topics checked against the kept list (read here once in 5 s) and, on PostgreSQL, the
        // number from the instance's reserve (see nextReferenceNumber): most intakes read nothing
        // in their transaction, whose BEGIN, writes and COMMIT then go to the server in one round trip.
        await this.topics.requireChoosable(dto.topics, em);
        const now = this.clock.now();
        const inquiry = this.build(requester, dto, now, await this.inquiries.nextReferenceNumber(now.getUTCFullYear(), em));
        const { wrapped, cipher } = this.dataKeys.create(inquiry.id, inquiry.createdAt);
        inquiry.wrappedKey = wrapped;
        inquiry.subjectSealed = cipher.seal(SUBJECT, dto.subject);
        inquiry.bodySealed = cipher.seal(BODY, dto.body);
        const words = searchWords(dto.subject);
        const token = (w: string) => this.serviceKeys.searchToken(w);
        // The inquiry, its audit entry and its outbox event in one write (sent with the COMMIT on PostgreSQL).
        await this.sql.writeAll(
          [
            ...this.inquiries.intakeWrites(inquiry, words.map(token), searchPrefixes(words).map(token)),
            this.audit.recordWrite({
              actorId: viewer.userId,
              action: 'inquiry.submitted',
              inquiryId: inquiry.id,
              details: { reference: inquiry.reference, onBehalfOf: viewer.userId === requester.id ? null : requester.id },
            }),
            this.outbox.enqueueWrite({ kind: 'inquiry.submitted', inquiryId: inquiry.id, actorId: viewer.userId }),
          ],
          em,
        );
        const facts: AccessFacts = { requesterId: inquiry.requesterId, participant: false, expert: ExpertStanding.None, status: inquiry.status };
        // The answer from the texts as they came, not opened again from what was just sealed.
        return { id: inquiry.id, result: toInquiryView(inquiry, dto.topics, [], [], { subject: dto.subject, body: dto.body }, this.policy.onInquiry(viewer, facts).can()) };
      },
      // A replay is a read of what the first request made: the requester sees it whole.
      (id) => this.get(viewer, id) as Promise<InquiryView>,
    );
  }

  /** Opens one inquiry; the read is on record before anything is returned. */
  get(viewer: Viewer, id: string): Promise<InquiryView | InquirySummaryView> {
    return this.tx.read(async (em) => {
      const found = await this.requireVisible(viewer, id, em);
      const view = await this.present(viewer, found, em);
      // The audit entry last: the read's only write (see TransactionRunner.read).
      await this.audit.record(em, { actorId: viewer.userId, action: 'inquiry.read', inquiryId: id, details: { view: found.level } });
      return view;
    });
  }

  async list(viewer: Viewer, query: ListInquiriesQuery): Promise<Page<InquiryListItem | InquirySummaryView>> {
    return this.views(viewer, await this.inquiries.list(viewer, this.filterFrom(viewer, query), query));
  }

  /**
   * The secretariat's queue page: the page of the list, what each of its rows is marked with (the
   * days past the answer's due moment, null when not overdue and 0 in its first day; the replies
   * waiting for clearance; whether no expert is on it yet), and the tabs' counts (the whole queue,
   * not narrowed by the filters: open, new (submitted), overdue, waiting for clearance, all). Two
   * statements: the counts, then the page with its marks (its total from the counts).
   */
  async queue(viewer: Viewer, query: ListInquiriesQuery): Promise<{ page: Page<QueueItem>; counts: QueueCounts }> {
    enforce(this.policy.clearanceQueue(viewer));
    const filter = this.filterFrom(viewer, query);
    const queue = await this.inquiries.queue(viewer, filter, query, OPEN_STATUSES, this.clock.iso());
    const { byStatus, overdue, clearance } = queue.counts;
    const sum = (statuses: readonly string[]) => statuses.reduce((n, s) => n + (byStatus.get(s) ?? 0), 0);
    const counts = { open: sum(OPEN_STATUSES), new: byStatus.get('submitted') ?? 0, overdue, clearance, all: sum([...byStatus.keys()]) };
    const { page } = queue;
    const now = this.clock.now().getTime();
    const levels = await this.inquiries.levels(
      viewer,
      page.items.map((i) => i.id),
    );
    const items = page.items.map((i): QueueItem => {
      const running = SLA_RUNNING.includes(i.status);
      const late = running && i.slaDueAt ? now - Date.parse(i.slaDueAt) : -1;
      const full = levels.get(i.id) === 'full';
      return {
        id: i.id,
        reference: i.reference,
        status: i.status,
        language: i.language,
        country: i.country,
        urgency: i.urgency,
        priority: full ? i.priority : null,
        topic: (JSON.parse(i.topics) as string[])[0],
        dueAt: i.dueAt,
        updatedAt: full ? i.updatedAt : null,
        purgedAt: i.purgedAt ?? null,
        subject: full ? this.openSubject(i) : null,
        overdueDays: late > 0 ? Math.floor(late / DAY_MS) : null,
        pending: count(i.markPending),
        noExpert: running && count(i.markExperts) === 0,
      };
    });
    return { page: { ...page, items }, counts };
  }

  /** A page of inquiries as the viewer may see each: whole, or the summary. */
  private async views(viewer: Viewer, page: Page<Inquiry>): Promise<Page<InquiryListItem | InquirySummaryView>> {
    const levels = await this.inquiries.levels(
      viewer,
      page.items.map((i) => i.id),
    );
    return {
      ...page,
      items: page.items.map((i) => (levels.get(i.id) === 'full' ? toListItem(i, i.topics, this.openSubject(i)) : toSummaryView(i, i.topics))),
    };
  }

  /** A listed inquiry's subject, for a viewer the policy gave the whole of it. */
  private openSubject(i: { id: string; wrappedKey: string; subjectSealed: string }): string {
    return this.dataKeys.cipher(i.id, i.wrappedKey).openText(SUBJECT, i.subjectSealed);
  }

  /** For the dispatcher: the reference and the requester side of an inquiry. */
  async peopleForSystem(id: string, em?: EntityManager): Promise<{ reference: string; requesterId: string; participantIds: string[] } | null> {
    const inquiry = await this.inquiries.findForSystem(id, em);
    if (!inquiry) return null;
    return { reference: inquiry.reference, requesterId: inquiry.requesterId, participantIds: await this.inquiries.participantsOf(id, em) };
  }

  /** For the consequences of a command another module runs in its transaction (the knowledge base's consent question on closure). */
  findForSystem(id: string, em?: EntityManager): Promise<Inquiry | null> {
    return this.inquiries.findForSystem(id, em);
  }

  /** For the SLA sweep (a system job): inquiries that may be in breach now; the caller decides which are. */
  slaCandidatesForSystem(now: string, createdBefore: string, limit = 500): Promise<Inquiry[]> {
    return this.inquiries.slaCandidatesForSystem(now, createdBefore, limit);
  }

  /** The inquiry with the viewer's view level, or null when it is missing or hidden. */
  findVisible(viewer: Viewer, id: string, em?: EntityManager): Promise<VisibleInquiry | null> {
    return this.inquiries.findVisible(viewer, id, em);
  }

  /** The inquiry as the viewer may see it, or the same 404 whether it is missing or hidden. */
  async requireVisible(viewer: Viewer, id: string, em?: EntityManager): Promise<VisibleInquiry> {
    const found = await this.inquiries.findVisible(viewer, id, em);
    if (!found) throw refuse('inquiry.not-found', INQUIRY_NOT_FOUND);
    return found;
  }

  /** The inquiry's sealing handle, for the modules that store more of its content (messages, files). */
  cipherOf(inquiry: Inquiry) {
    return this.dataKeys.cipher(inquiry.id, inquiry.wrappedKey);
  }

  /** Holds other commands on this inquiry until the caller's transaction ends. */
  lock(id: string, em: EntityManager): Promise<void> {
    return this.inquiries.lock(id, em);
  }

  /** The inquiry as the viewer sees it, with what the viewer may do on it in its present status. */
  async present(viewer: Viewer, found: VisibleInquiry, em?: EntityManager): Promise<InquiryView | InquirySummaryView> {
    const { inquiry, level } = found;
    const { topics } = inquiry;
    const viewerCan = this.policy.onInquiry(viewer, { ...found.facts, status: inquiry.status }).can();
    if (level === 'summary') return Object.assign(toSummaryView(inquiry, topics), { viewerCan });
    const cipher = this.dataKeys.cipher(inquiry.id, inquiry.wrappedKey);
    const participants = await this.inquiries.participantsOf(inquiry.id, em);
    const attachments = await this.files.viewsOfInquiry(inquiry.id, cipher, em);
    return toInquiryView(inquiry, topics, participants, attachments, openTexts(inquiry, cipher), viewerCan);
  }

  /** The statuses of the inquiries some assignments are on (to say what may be done with them). */
  statusesOf(ids: string[], em?: EntityManager): Promise<Map<string, InquiryStatus>> {
    return this.inquiries.statusesOf(ids, em);
  }

  private filterFrom(viewer: Viewer, q: ListInquiriesQuery): InquiryFilter {
    const assignedTo = q.assignedTo === 'me' ? viewer.userId : q.assignedTo;
    enforce(this.policy.listFilter(viewer, { assignedTo, awaitingClearance: q.awaitingClearance === 'true' }));
    const filter: InquiryFilter = {
      assignedTo,
      awaitingClearance: q.awaitingClearance === 'true',
      statuses: q.status ? (q.status.split(',') as InquiryStatus[]) : undefined,
      topic: q.topic,
      country: q.country,
      urgency: q.urgency,
      overdueAt: q.overdue === 'true' ? this.clock.iso() : undefined,
    };
    const text = q.q?.trim();
    if (text && REFERENCE.test(text)) filter.reference = text.toUpperCase();
    else if (text) {
      const words = searchWords(text);
      // Words too short to be indexed can match nothing; an empty token list would match everything.
      filter.searchTokens = words.length > 0 ? words.map((w) => this.serviceKeys.searchToken(w)) : ['-'];
    }
    return filter;
  }

  private async requesterFor(viewer: Viewer, dto: CreateInquiryDto): Promise<{ id: string; organizationId: string; country: string }> {
    const whom = this.policy.fileFor(viewer, dto.onBehalfOf);
    if ('refused' in whom) throw refuse('inquiry.on-behalf-invalid', whom.refused);
    // A requester filing its own: its session was read with its organisation's State just now (an
    // active user; its role and organisation as they are), which is what the lookup would read.
    if (whom.own && viewer.organizationId && viewer.organizationCountry) {
      return { id: viewer.userId, organizationId: viewer.organizationId, country: viewer.organizationCountry };
    }
    const requester = await this.users.activeRequester(whom.requesterId);
    if (!requester) throw refuse('inquiry.on-behalf-invalid', 'onBehalfOf must name an active requester with an organisation');
    return requester;
  }

  private build(requester: { id: string; organizationId: string; country: string }, dto: CreateInquiryDto, now: Date, n: number): Inquiry {
    const year = now.getUTCFullYear();
    const at = now.toISOString();
    return {
      id: newId(),
      reference: `CTI-${year}-${String(n).padStart(4, '0')}`,
      requesterId: requester.id,
      organizationId: requester.organizationId,
      country: requester.country,
      language: dto.language,
      urgency: dto.urgency ?? 'normal',
      status: 'submitted',
      priority: 'normal',
      tags: [],
      topics: [...dto.topics],
      dueAt: null,
      desiredBy: dto.desiredBy ? toIsoUtc(dto.desiredBy) : null,
      publicationConsent: dto.publicationConsent ?? false,
      outcome: null,
      version: 1,
      wrappedKey: '',
      subjectSealed: '',
      bodySealed: '',
      createdAt: at,
      updatedAt: at,
      slaDueAt: answerDue({ createdAt: at, dueAt: null, pausedSeconds: 0 }, this.config.sla),
      pausedSeconds: 0,
      awaitingSince: null,
      // Filled from the country table by the insert itself.
      intakeUncatStatus: null,
      intakeOpcatStatus: null,
      acknowledgedAt: null,
      firstReplyAt: null,
      closedAt: null,
      purgedAt: null,
    };
  }
}
