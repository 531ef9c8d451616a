import { refuse } from '../../common/errors/refusal.js';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccessPolicy } from '../../access/access-policy.js';
import { enforce } from '../../access/decision.js';
import { AuditTrail } from '../../audit/audit-trail.js';
import { Clock } from '../../common/clock.js';
import { newId } from '../../common/ids.js';
import type { Viewer } from '../../common/viewer.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { INQUIRY_NOT_FOUND, InquiriesService } from '../inquiries.service.js';
import type { Inquiry } from '../inquiry.entity.js';
import { InquiryRepository } from '../inquiry.repository.js';
import type { CreateLinkDto } from './inquiry-links.dto.js';
import type { InquiryLink } from './inquiry-link.entity.js';
import { InquiryLinkRepository } from './inquiry-link.repository.js';
import type { InquiryLinkView, LinkSuggestionView } from './inquiry-link.view.js';

/** How far back triage looks for inquiries of the same State that may be the same question. */
const SUGGESTION_DAYS = 180;
const SUGGESTIONS = 10;
/**
 * A link that is not on this inquiry answers exactly like a missing or hidden inquiry: whoever asks
 * learns nothing of links it may not see (the route matrix compares the two answers).
 */
export const LINK_NOT_FOUND = INQUIRY_NOT_FOUND;
const reasonAad = (linkId: string) => `link:${linkId}:reason`;

/** Links between inquiries (issue 21): related, or a duplicate of the same State's primary inquiry. */
@Injectable()
export class InquiryLinksService {
  constructor(
    private readonly links: InquiryLinkRepository,
    private readonly inquiries: InquiryRepository,
    private readonly reader: InquiriesService,
    private readonly policy: AccessPolicy,
    private readonly audit: AuditTrail,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  link(viewer: Viewer, id: string, dto: CreateLinkDto): Promise<InquiryLinkView> {
    return this.tx.run(async (em) => {
      const here = await this.reader.requireVisible(viewer, id, em);
      const there = await this.reader.requireVisible(viewer, dto.inquiryId, em);
      const mine = await this.links.of(id, em);
      const theirs = dto.inquiryId === id ? mine : await this.links.of(dto.inquiryId, em);
      const duplicates = (links: InquiryLink[], inquiryId: string) => links.filter((l) => l.kind === 'duplicate' && (l.inquiryId === inquiryId || l.linkedInquiryId === inquiryId));
      enforce(
        this.policy.onLinks(viewer, here.facts).link({
          id,
          linkedId: dto.inquiryId,
          kind: dto.kind,
          sameState: here.inquiry.country === there.inquiry.country,
          linked: mine.some((l) => l.inquiryId === dto.inquiryId || l.linkedInquiryId === dto.inquiryId),
          // This inquiry may not already be a duplicate or a primary; its primary may not be a duplicate.
          duplicateChain: duplicates(mine, id).length > 0 || theirs.some((l) => l.kind === 'duplicate' && l.inquiryId === dto.inquiryId),
        }),
      );
      const link: InquiryLink = {
        id: newId(),
        inquiryId: id,
        linkedInquiryId: dto.inquiryId,
        kind: dto.kind,
        reasonSealed: '',
        createdById: viewer.userId,
        createdAt: this.clock.iso(),
      };
      link.reasonSealed = this.reader.cipherOf(here.inquiry).seal(reasonAad(link.id), dto.reason);
      await this.links.insert(link, em);
      for (const [inquiryId, other] of [
        [id, dto.inquiryId],
        [dto.inquiryId, id],
      ]) {
        await this.audit.record(em, { actorId: viewer.userId, action: 'inquiry.linked', inquiryId, details: { linkId: link.id, other, kind: dto.kind } });
      }
      return this.view(link, here.inquiry, there.inquiry.reference, dto.reason);
    });
  }

  /**
   * The secretariat removes a link, from either side. The replies shared through a duplicate link
   * and the question to join go with it (the database cascades), in this transaction.
   */
  unlink(viewer: Viewer, id: string, linkId: string): Promise<void> {
    return this.tx.run(async (em) => {
      const here = await this.reader.requireVisible(viewer, id, em);
      enforce(this.policy.onLinks(viewer, here.facts).unlink());
      const link = await this.links.one(id, linkId, em);
      if (!link) throw refuse('inquiry.not-found', LINK_NOT_FOUND);
      if (!(await this.links.remove(link.id, em))) throw refuse('inquiry.not-found', LINK_NOT_FOUND);
      for (const [inquiryId, other] of [
        [link.inquiryId, link.linkedInquiryId],
        [link.linkedInquiryId, link.inquiryId],
      ]) {
        await this.audit.record(em, { actorId: viewer.userId, action: 'inquiry.unlinked', inquiryId, details: { linkId: link.id, other, kind: link.kind } });
      }
    });
  }

  /** For the duplicates' commands (in their transaction): one link of an inquiry, either side, or null. */
  linkForSystem(inquiryId: string, linkId: string, em?: EntityManager): Promise<InquiryLink | null> {
    return this.links.one(inquiryId, linkId, em);
  }

  /** For the duplicates: the link that makes this inquiry a duplicate (it has at most one primary), or null. */
  async primaryLinkForSystem(duplicateId: string, em?: EntityManager): Promise<InquiryLink | null> {
    return (await this.links.of(duplicateId, em)).find((l) => l.kind === 'duplicate' && l.inquiryId === duplicateId) ?? null;
  }

  /** For the duplicates: every duplicate link of an inquiry, either side. */
  async duplicateLinksForSystem(inquiryId: string, em?: EntityManager): Promise<InquiryLink[]> {
    return (await this.links.of(inquiryId, em)).filter((l) => l.kind === 'duplicate');
  }

  /** The inquiry's links the viewer may see: those whose other side it sees in full too. */
  async list(viewer: Viewer, id: string): Promise<InquiryLinkView[]> {
    const here = await this.reader.requireVisible(viewer, id);
    const rules = this.policy.onLinks(viewer, here.facts);
    enforce(rules.read());
    const links = await this.links.of(id);
    const others = links.map((l) => (l.inquiryId === id ? l.linkedInquiryId : l.inquiryId));
    const levels = await this.inquiries.levels(viewer, others);
    const shown = links.filter((_l, i) => rules.showsOtherSide(levels.get(others[i])));
    // The reason is sealed under the inquiry the link was made from: this one, or the other side.
    const elsewhere = [...new Set(shown.flatMap((l) => [l.inquiryId, l.linkedInquiryId]).filter((i) => i !== id))];
    const sources = new Map<string, Inquiry>([[id, here.inquiry], ...(await this.inquiries.findManyForSystem(elsewhere)).map((i) => [i.id, i] as [string, Inquiry])]);
    return shown.map((l) => this.view(l, sources.get(l.inquiryId)!, sources.get(l.inquiryId === id ? l.linkedInquiryId : l.inquiryId)!.reference));
  }

  /** Triage's candidates: inquiries of the same State from the last months with topics or subject words in common. */
  async suggestions(viewer: Viewer, id: string): Promise<LinkSuggestionView[]> {
    const here = await this.reader.requireVisible(viewer, id);
    enforce(this.policy.onLinks(viewer, here.facts).suggest());
    const since = new Date(Date.parse(here.inquiry.createdAt) - SUGGESTION_DAYS * 86_400_000).toISOString();
    const rows = await this.links.suggestions(id, here.inquiry.country, since);
    return rows
      .map((r) => ({ inquiryId: r.id, reference: r.reference, createdAt: r.createdAt, topics: Number(r.topics), words: Number(r.words) }))
      .filter((r) => r.topics + r.words > 0)
      .sort((a, b) => b.topics * 2 + b.words - (a.topics * 2 + a.words) || b.createdAt.localeCompare(a.createdAt))
      .slice(0, SUGGESTIONS);
  }

  private view(link: InquiryLink, source: Inquiry, otherReference: string, reason?: string): InquiryLinkView {
    return {
      id: link.id,
      inquiryId: link.inquiryId,
      linkedInquiryId: link.linkedInquiryId,
      otherReference,
      kind: link.kind,
      reason: reason ?? this.reader.cipherOf(source).openText(reasonAad(link.id), link.reasonSealed),
      createdAt: link.createdAt,
    };
  }
}
