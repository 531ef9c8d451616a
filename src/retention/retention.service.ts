import { Injectable } from '@nestjs/common';
import { AuditTrail } from '../audit/audit-trail.js';
import { Clock } from '../common/clock.js';
import type { Viewer } from '../common/viewer.js';
import { DataKeys } from '../crypto/data-keys.js';
import { PeriodKeys, periodBounds } from '../crypto/period-keys.js';
import { ServiceKeys } from '../crypto/service-keys.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { InquiriesService } from '../inquiries/inquiries.service.js';
import type { Outcome } from '../common/workflow.js';
import { addMonths, DEFAULT_MONTHS, RETENTION_OUTCOMES } from './retention-policy.js';
import type { LegalHoldDto, UpdateRetentionDto } from './retention.dto.js';
import { RetentionRepository, type RetentionCandidate } from './retention.repository.js';
import type { LegalHoldView, RetentionDueView, RetentionPolicyView } from './retention.views.js';
import { refuse } from '../common/errors/refusal.js';

const BATCH = 200;
const holdContext = (inquiryId: string) => `legal-hold:${inquiryId}`;

export interface PurgeResult {
  purged: number;
  keysDestroyed: string[];
}

/**
 * Retention: the periods per outcome, legal holds, the dry run and the purge. A purge deletes an
 * inquiry's content and its wrapped data key in one transaction with its audit entry; once no
 * inquiry filed in the same month keeps content, that month's key-encryption key is destroyed, so
 * that no backup can give the content back either.
 */
@Injectable()
export class RetentionService {
  constructor(
    private readonly repo: RetentionRepository,
    private readonly inquiries: InquiriesService,
    private readonly dataKeys: DataKeys,
    private readonly periodKeys: PeriodKeys,
    private readonly serviceKeys: ServiceKeys,
    private readonly audit: AuditTrail,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async policy(): Promise<RetentionPolicyView> {
    const months = await this.months();
    const set = new Set((await this.repo.policyRows()).map((r) => r.outcome));
    return { periods: RETENTION_OUTCOMES.map((outcome) => ({ outcome, months: months.get(outcome)!, isDefault: !set.has(outcome) })) };
  }

  async updatePolicy(viewer: Viewer, dto: UpdateRetentionDto): Promise<RetentionPolicyView> {
    const outcomes = dto.periods.map((p) => p.outcome);
    if (new Set(outcomes).size !== outcomes.length) throw refuse('retention.outcome-repeated', 'each outcome may be given once');
    await this.tx.run(async (em) => {
      const at = this.clock.iso();
      for (const p of dto.periods) await this.repo.savePolicy({ outcome: p.outcome, months: p.months, updatedById: viewer.userId, updatedAt: at }, em);
      await this.audit.record(em, {
        actorId: viewer.userId,
        action: 'retention.policy-changed',
        details: { periods: dto.periods.map((p) => `${p.outcome}=${p.months}`) },
      });
    });
    return this.policy();
  }

  async holds(limit = 100): Promise<LegalHoldView[]> {
    const rows = await this.repo.holds(limit);
    return rows.map((h) => ({
      inquiryId: h.inquiryId,
      reference: h.reference,
      reason: this.serviceKeys.openSecret(h.reasonSealed, holdContext(h.inquiryId)),
      setById: h.setById,
      setAt: h.setAt,
    }));
  }

  /** Puts (or replaces) a hold on an inquiry; a purged one has nothing left to hold. */
  setHold(viewer: Viewer, inquiryId: string, dto: LegalHoldDto): Promise<LegalHoldView> {
    return this.tx.run(async (em) => {
      const { inquiry } = await this.inquiries.requireVisible(viewer, inquiryId, em);
      if (inquiry.purgedAt) throw refuse('inquiry.purged', 'the inquiry was already purged');
      const hold = { inquiryId, reasonSealed: this.serviceKeys.sealSecret(dto.reason.trim(), holdContext(inquiryId)), setById: viewer.userId, setAt: this.clock.iso() };
      const replaced = (await this.repo.hold(inquiryId, em)) !== null;
      await this.repo.saveHold(hold, em);
      await this.audit.record(em, { actorId: viewer.userId, action: 'retention.hold-set', inquiryId, details: { replaced } });
      return { inquiryId, reference: inquiry.reference, reason: dto.reason.trim(), setById: hold.setById, setAt: hold.setAt };
    });
  }

  releaseHold(viewer: Viewer, inquiryId: string): Promise<void> {
    return this.tx.run(async (em) => {
      await this.inquiries.requireVisible(viewer, inquiryId, em);
      if (!(await this.repo.deleteHold(inquiryId, em))) throw refuse('inquiry.no-legal-hold', 'the inquiry has no legal hold');
      await this.audit.record(em, { actorId: viewer.userId, action: 'retention.hold-released', inquiryId });
    });
  }

  /** The dry run: what a purge at `before` (default now) would take, held ones flagged; references and dates only. */
  async due(before?: string, limit = 100): Promise<RetentionDueView> {
    const months = await this.months();
    const rows = await this.repo.due(await this.cutoffs(before ? new Date(before) : this.clock.now()), limit + 1);
    return {
      items: rows.slice(0, limit).map((r) => ({
        inquiryId: r.id,
        reference: r.reference,
        outcome: r.outcome,
        endedAt: r.endedAt,
        purgeOn: addMonths(r.endedAt, months.get(r.outcome) ?? DEFAULT_MONTHS(r.outcome)),
        held: r.held,
      })),
      more: rows.length > limit,
    };
  }

  /**
   * Purges everything due now and not held, a transaction per inquiry, then destroys the month
   * keys no inquiry with content needs any more. `progress` hears after each inquiry.
   */
  async purge(progress?: (purged: number) => void): Promise<PurgeResult> {
    const now = this.clock.now();
    const cutoffs = await this.cutoffs(now);
    const periods = new Set<string>();
    let purged = 0;
    let after: { endedAt: string; id: string } | undefined;
    for (;;) {
      const batch = await this.repo.due(cutoffs, BATCH, after);
      if (batch.length === 0) break;
      after = { endedAt: batch[batch.length - 1].endedAt, id: batch[batch.length - 1].id };
      for (const candidate of batch.filter((c) => !c.held)) {
        const period = this.dataKeys.periodOf(candidate.id, candidate.wrappedKey);
        if (await this.purgeOne(candidate, now.toISOString())) {
          purged += 1;
          if (period) periods.add(period);
          progress?.(purged);
        }
      }
    }
    if (purged > 0) this.dataKeys.forget();
    const keysDestroyed: string[] = [];
    for (const period of [...periods].sort()) {
      const { from, to } = periodBounds(period);
      if ((await this.repo.unpurgedFiledBetween(from, to)) > 0) continue;
      // On record first: a crash between the two leaves a key that the next purge destroys.
      await this.tx.run((em) => this.audit.record(em, { actorId: null, action: 'retention.key-destroyed', details: { period } }));
      if (this.periodKeys.destroy(period)) keysDestroyed.push(period);
    }
    return { purged, keysDestroyed };
  }

  private purgeOne(candidate: RetentionCandidate, at: string): Promise<boolean> {
    return this.tx.run(async (em) => {
      // Checked again under the lock: reopened, held or purged meanwhile, it stays.
      const still = await this.repo.recheck(candidate.id, em);
      if (!still || still.endedAt !== candidate.endedAt) return false;
      await this.repo.purgeContent(candidate.id, at, em);
      await this.audit.record(em, {
        actorId: null,
        action: 'inquiry.purged',
        inquiryId: candidate.id,
        details: { outcome: candidate.outcome, endedAt: candidate.endedAt },
      });
      return true;
    });
  }

  private async months(): Promise<Map<Outcome, number>> {
    const rows = await this.repo.policyRows();
    const set = new Map(rows.map((r) => [r.outcome, r.months]));
    return new Map(RETENTION_OUTCOMES.map((o) => [o, set.get(o) ?? DEFAULT_MONTHS(o)]));
  }

  /** Per outcome, the end moment before which an inquiry is due at `now`. */
  private async cutoffs(now: Date): Promise<Map<Outcome, string>> {
    const months = await this.months();
    return new Map([...months].map(([outcome, m]) => [outcome, addMonths(now.toISOString(), -m)]));
  }
}
