import { ConflictException, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccessPolicy } from '../access/access-policy.js';
import { enforce } from '../access/decision.js';
import { ConsentPermissions, consentAfter, type EntryFacts } from '../access/knowledge-permissions.js';
import { AuditTrail } from '../audit/audit-trail.js';
import { Clock } from '../common/clock.js';
import { newId } from '../common/ids.js';
import type { Page } from '../common/page.js';
import type { Viewer } from '../common/viewer.js';
import { KeyRing } from '../crypto/key-ring.js';
import { openText, seal } from '../crypto/sealer.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { OrganizationsService } from '../identity/organizations.service.js';
import { UsersService } from '../identity/users.service.js';
import { InquiriesService } from '../inquiries/inquiries.service.js';
import { InquiryWorkflowService } from '../inquiries/inquiry-workflow.service.js';
import type { InquiryStatus } from '../common/workflow.js';
import { TopicsService } from '../topics/topics.service.js';
import { toolsOf } from './cti-tools.js';
import {
  ListEntriesQuery,
  type ApproveEntryDto,
  type ConsentAnswerDto,
  type CreateEntryDto,
  type EntryTextDto,
  type SubmitEntryDto,
  type UnpublishEntryDto,
  type UpdateEntryDto,
} from './dto/knowledge.dto.js';
import { findTerms, identifyingTerms, normalise } from './identifier-scan.js';
import { KnowledgeSearch, queryWords } from './knowledge-search.js';
import type { KnowledgeEntry, KnowledgeText } from './knowledge.entity.js';
import { KnowledgeRepository } from './knowledge.repository.js';
import type { ConsentView, KnowledgeEntryView } from './knowledge.view.js';
import { refuse } from '../common/errors/refusal.js';

export const ENTRY_NOT_FOUND = 'knowledge entry not found';
const keyAad = (id: string) => `knowledge:${id}:dek`;
const fieldAad = (id: string, language: string, field: string) => `knowledge:${id}:${language}:${field}`;

/**
 * The knowledge base (issue 21): the consent question at closure, and entries drafted apart from
 * their source, scanned for what identifies it, approved by a second member of the secretariat,
 * published to signed-in requesters and experts, searched by words, withdrawn with the consent.
 */
@Injectable()
export class KnowledgeService implements OnModuleInit {
  constructor(
    private readonly knowledge: KnowledgeRepository,
    private readonly search: KnowledgeSearch,
    private readonly inquiries: InquiriesService,
    private readonly workflow: InquiryWorkflowService,
    private readonly users: UsersService,
    private readonly organizations: OrganizationsService,
    private readonly topics: TopicsService,
    private readonly policy: AccessPolicy,
    private readonly ring: KeyRing,
    private readonly audit: AuditTrail,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.workflow.whenEnded((em, inquiryId, actorId, to) => this.askOnClosure(em, inquiryId, actorId, to));
  }

  /** Closing an inquiry whose requester consented at intake puts the question to it again, in the closing transaction. */
  private async askOnClosure(em: EntityManager, inquiryId: string, actorId: string, to: InquiryStatus): Promise<void> {
    const inquiry = await this.inquiries.findForSystem(inquiryId, em);
    if (!inquiry || !ConsentPermissions.askedWhenMovedTo(to, inquiry.publicationConsent)) return;
    if (await this.knowledge.askConsent(inquiryId, this.clock.iso(), em)) {
      await this.audit.record(em, { actorId, action: 'publication-consent.asked', inquiryId });
    }
  }

  /** The consent question of an inquiry the viewer sees, or null when none was put. */
  async consent(viewer: Viewer, inquiryId: string): Promise<{ consent: ConsentView | null; canAnswer: { give: boolean; refuse: boolean } }> {
    const found = await this.inquiries.requireVisible(viewer, inquiryId);
    const row = await this.knowledge.consentOf(inquiryId);
    return { consent: row && { ...row }, canAnswer: this.policy.onConsent(viewer, found.facts).canAnswer(row?.status ?? null) };
  }

  /** The requester answers the question, or withdraws a consent it gave: every entry drawn from the inquiry is withdrawn with it. */
  answerConsent(viewer: Viewer, inquiryId: string, dto: ConsentAnswerDto): Promise<ConsentView> {
    return this.tx.run(async (em) => {
      const found = await this.inquiries.requireVisible(viewer, inquiryId, em);
      const row = await this.knowledge.consentOf(inquiryId, em);
      enforce(this.policy.onConsent(viewer, found.facts).answer(row?.status ?? null, dto.consent));
      const to = consentAfter(row!.status, dto.consent);
      const at = this.clock.iso();
      if (!(await this.knowledge.answerConsent(inquiryId, row!.status, to, at, em)))
        throw refuse('knowledge.consent-changed', 'the consent changed meanwhile: reload and try again');
      await this.audit.record(em, { actorId: viewer.userId, action: `publication-consent.${to}`, inquiryId });
      if (to === 'withdrawn') await this.withdrawEntries(em, inquiryId, viewer.userId, at);
      return { inquiryId, status: to, askedAt: row!.askedAt, answeredAt: at };
    });
  }

  private async withdrawEntries(em: EntityManager, inquiryId: string, actorId: string, at: string): Promise<void> {
    const entries = await this.knowledge.drawnFrom(inquiryId, em);
    if (entries.length === 0) return;
    const ids = entries.map((e) => e.id);
    await this.knowledge.withdrawAll(ids, at, em);
    await this.search.remove(ids, em);
    await this.audit.record(em, { actorId, action: 'knowledge.withdrawn', inquiryId, details: { entryIds: ids, cause: 'consent-withdrawn' } });
  }

  /** The secretariat drafts an entry from a closed inquiry whose requester consented twice. */
  create(viewer: Viewer, dto: CreateEntryDto): Promise<KnowledgeEntryView> {
    const languages = this.languagesOf(dto.texts);
    return this.tx.run(async (em) => {
      const source = await this.inquiries.findVisible(viewer, dto.sourceInquiryId, em);
      if (!source) throw refuse('knowledge.source-not-found', 'the source inquiry was not found');
      const consent = await this.knowledge.consentOf(source.inquiry.id, em);
      enforce(this.policy.onKnowledge(viewer).draft(source.inquiry, consent?.status ?? null));
      await this.topics.requireUsable(dto.topics, em);
      const id = newId();
      const at = this.clock.iso();
      const { key, wrapped } = this.ring.newDataKey(keyAad(id));
      const entry: KnowledgeEntry = {
        id,
        status: 'draft',
        sourceInquiryId: source.inquiry.id,
        drafterId: viewer.userId,
        approverId: null,
        topics: [...dto.topics],
        languages,
        wrappedKey: wrapped,
        explanationsSealed: null,
        version: 1,
        createdAt: at,
        updatedAt: at,
        publishedAt: null,
      };
      await this.knowledge.insert(entry, this.sealTexts(id, key, dto.texts), em);
      // The one place, with the entry's own row, that ties the entry to its source.
      await this.audit.record(em, { actorId: viewer.userId, action: 'knowledge.drafted', inquiryId: source.inquiry.id, details: { entryId: id } });
      return this.present(viewer, entry, this.sealTexts(id, key, dto.texts));
    });
  }

  update(viewer: Viewer, id: string, dto: UpdateEntryDto): Promise<KnowledgeEntryView> {
    if (dto.topics === undefined && dto.texts === undefined) throw refuse('knowledge.nothing-to-change', 'nothing to change: give topics or texts');
    return this.tx.run(async (em) => {
      const entry = await this.require(viewer, id, em);
      enforce(this.policy.onKnowledge(viewer).edit(entry));
      if (dto.topics) await this.topics.requireUsable(dto.topics, em, entry.topics);
      const key = this.keyOf(entry);
      const patch: Partial<KnowledgeEntry> = { updatedAt: this.clock.iso() };
      if (dto.topics) patch.topics = [...dto.topics];
      if (dto.texts) patch.languages = this.languagesOf(dto.texts);
      if (!(await this.knowledge.updateIfVersion(id, dto.version, patch, em))) throw this.stale(dto.version);
      const texts = dto.texts ? this.sealTexts(id, key, dto.texts) : undefined;
      await this.knowledge.replaceParts(id, dto.topics, texts, em);
      await this.audit.record(em, {
        actorId: viewer.userId,
        action: 'knowledge.edited',
        details: { entryId: id, fields: [...(dto.topics ? ['topics'] : []), ...(dto.texts ? ['texts'] : [])] },
      });
      return this.present(viewer, { ...entry, ...patch, version: dto.version + 1 }, texts ?? (await this.knowledge.textsOf([id], em)));
    });
  }

  /**
   * The drafter submits the draft for approval: every item of the checklist ticked, and no word
   * that identifies the source (the State's names in five languages, the organisation's, the
   * requester's) left in any text unless it is explained.
   */
  submit(viewer: Viewer, id: string, dto: SubmitEntryDto): Promise<KnowledgeEntryView> {
    return this.tx.run(async (em) => {
      const entry = await this.require(viewer, id, em);
      enforce(this.policy.onKnowledge(viewer).submit(entry));
      const key = this.keyOf(entry);
      const texts = await this.knowledge.textsOf([id], em);
      const plain = texts
        .map((t) => `${openText(key, t.questionSealed, fieldAad(id, t.language, 'question'))}\n${openText(key, t.answerSealed, fieldAad(id, t.language, 'answer'))}`)
        .join('\n');
      const explained = new Set((dto.explanations ?? []).map((e) => normalise(e.term)));
      const hits = findTerms(plain, await this.identifyingTermsOf(viewer, entry.sourceInquiryId, em)).filter((t) => !explained.has(t));
      if (hits.length > 0) {
        throw refuse(
          'knowledge.identifying-words',
          `the draft holds words that identify its source: ${hits.map((h) => `"${h}"`).join(', ')}; change them, or explain each in explanations`,
          { words: hits.join(', ') },
        );
      }
      const patch: Partial<KnowledgeEntry> = {
        status: 'submitted',
        updatedAt: this.clock.iso(),
        explanationsSealed: dto.explanations?.length ? seal(key, JSON.stringify(dto.explanations), fieldAad(id, '-', 'explanations')) : null,
      };
      if (!(await this.knowledge.updateIfVersion(id, dto.version, patch, em))) throw this.stale(dto.version);
      await this.audit.record(em, { actorId: viewer.userId, action: 'knowledge.submitted', details: { entryId: id, explained: explained.size } });
      return this.present(viewer, { ...entry, ...patch, version: dto.version + 1 }, texts);
    });
  }

  /** A second member of the secretariat approves: the entry is published and its words indexed. */
  approve(viewer: Viewer, id: string, dto: ApproveEntryDto): Promise<KnowledgeEntryView> {
    return this.tx.run(async (em) => {
      const entry = await this.require(viewer, id, em);
      enforce(this.policy.onKnowledge(viewer).approve(entry));
      const at = this.clock.iso();
      const patch: Partial<KnowledgeEntry> = { status: 'published', approverId: viewer.userId, publishedAt: at, updatedAt: at };
      if (!(await this.knowledge.updateIfVersion(id, dto.version, patch, em))) throw this.stale(dto.version);
      const texts = await this.knowledge.textsOf([id], em);
      const opened = this.openTexts(entry, texts);
      await this.search.index(
        id,
        opened.map((t) => ({ language: t.language, text: `${t.question}\n${t.answer}` })),
        em,
      );
      await this.audit.record(em, { actorId: viewer.userId, action: 'knowledge.published', details: { entryId: id, drafterId: entry.drafterId, approverId: viewer.userId } });
      return this.present(viewer, { ...entry, ...patch, version: dto.version + 1 }, texts);
    });
  }

  /** The drafter or the approver takes a published entry off the knowledge base. */
  unpublish(viewer: Viewer, id: string, dto: UnpublishEntryDto): Promise<KnowledgeEntryView> {
    return this.tx.run(async (em) => {
      const entry = await this.require(viewer, id, em);
      enforce(this.policy.onKnowledge(viewer).unpublish(entry));
      const at = this.clock.iso();
      if (!(await this.knowledge.moveStatus(id, entry.status, { status: 'unpublished', updatedAt: at }, em)))
        throw refuse('knowledge.changed', 'the entry changed meanwhile: reload it and try again');
      await this.search.remove([id], em);
      await this.audit.record(em, { actorId: viewer.userId, action: 'knowledge.unpublished', details: { entryId: id, reasonGiven: dto.reason.length > 0 } });
      return this.present(viewer, { ...entry, status: 'unpublished', updatedAt: at, version: entry.version + 1 }, await this.knowledge.textsOf([id], em));
    });
  }

  async get(viewer: Viewer, id: string): Promise<KnowledgeEntryView> {
    const entry = await this.require(viewer, id);
    return this.present(viewer, entry, await this.knowledge.textsOf([id]));
  }

  /** Published entries (or, for the secretariat, those of a status), by topic and by words, newest first. */
  async list(viewer: Viewer, query: ListEntriesQuery): Promise<Page<KnowledgeEntryView>> {
    const rules = this.policy.onKnowledge(viewer);
    enforce(rules.filterByStatus(query.status));
    const words = query.q?.trim() ? this.search.matching('e', queryWords(query.q), query.language) : undefined;
    const page = await this.knowledge.list({ status: query.status ?? 'published', topic: query.topic, words }, query);
    const texts = await this.knowledge.textsOf(page.items.map((e) => e.id));
    return {
      ...page,
      items: page.items.map((e) =>
        this.present(
          viewer,
          e,
          texts.filter((t) => t.entryId === e.id),
        ),
      ),
    };
  }

  /**
   * "Questions like yours" (intake): the newest published entries on any of the topics a
   * requester chose, at most `limit`. One indexed page per topic (at most five topics).
   */
  async similar(viewer: Viewer, topics: string[], limit = 5): Promise<KnowledgeEntryView[]> {
    const found = new Map<string, KnowledgeEntryView>();
    for (const topic of topics.slice(0, 5)) {
      const page = await this.list(viewer, Object.assign(new ListEntriesQuery(), { topic, limit }));
      for (const e of page.items) found.set(e.id, e);
    }
    return [...found.values()].sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '')).slice(0, limit);
  }

  private async require(viewer: Viewer, id: string, em?: EntityManager): Promise<KnowledgeEntry> {
    const entry = await this.knowledge.find(id, em);
    if (!entry || !this.policy.onKnowledge(viewer).sees(entry)) throw refuse('knowledge.not-found', ENTRY_NOT_FOUND);
    return entry;
  }

  private async identifyingTermsOf(viewer: Viewer, inquiryId: string, em: EntityManager): Promise<string[]> {
    const inquiry = await this.inquiries.findForSystem(inquiryId, em);
    if (!inquiry) return [];
    const [requester] = await this.users.byIds([inquiry.requesterId]);
    const organization = await this.organizations.get(viewer, inquiry.organizationId);
    return identifyingTerms({ country: inquiry.country, organizationName: organization.name, requesterName: requester?.name ?? '' });
  }

  private languagesOf(texts: EntryTextDto[]): string[] {
    const languages = texts.map((t) => t.language);
    if (new Set(languages).size !== languages.length) throw refuse('knowledge.language-repeated', 'texts must hold at most one version per language');
    return languages;
  }

  private keyOf(entry: KnowledgeEntry): Buffer {
    return this.ring.unwrap(entry.wrappedKey, keyAad(entry.id));
  }

  private sealTexts(id: string, key: Buffer, texts: EntryTextDto[]): KnowledgeText[] {
    return texts.map((t) => ({
      entryId: id,
      language: t.language,
      questionSealed: seal(key, t.question, fieldAad(id, t.language, 'question')),
      answerSealed: seal(key, t.answer, fieldAad(id, t.language, 'answer')),
    }));
  }

  private openTexts(entry: KnowledgeEntry, texts: KnowledgeText[]) {
    const key = this.keyOf(entry);
    return texts.map((t) => ({
      language: t.language,
      question: openText(key, t.questionSealed, fieldAad(entry.id, t.language, 'question')),
      answer: openText(key, t.answerSealed, fieldAad(entry.id, t.language, 'answer')),
    }));
  }

  private present(viewer: Viewer, entry: KnowledgeEntry, texts: KnowledgeText[]): KnowledgeEntryView {
    const facts: EntryFacts = { status: entry.status, drafterId: entry.drafterId, approverId: entry.approverId };
    return {
      id: entry.id,
      status: entry.status,
      topics: entry.topics,
      languages: entry.languages,
      texts: this.openTexts(entry, texts),
      tools: toolsOf(entry.topics),
      version: entry.version,
      createdAt: entry.createdAt,
      publishedAt: entry.publishedAt,
      viewerCan: this.policy.onKnowledge(viewer).can(facts),
    };
  }

  private stale(version: number): ConflictException {
    return refuse('knowledge.changed', `the entry has changed since version ${version}: reload it and try again`, { version });
  }
}
