import { AccessPolicy } from '../access/access-policy.js';
import { enforce } from '../access/decision.js';
import { Injectable } from '@nestjs/common';
import { AuditTrail } from '../audit/audit-trail.js';
import { Clock } from '../common/clock.js';
import type { Viewer } from '../common/viewer.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { UsersService } from '../identity/users.service.js';
import { InquiriesService } from '../inquiries/inquiries.service.js';
import { TopicsService } from '../topics/topics.service.js';
import type { ExpertProfileDto } from './dto/profile.dto.js';
import type { ExpertProfile } from './expert-profile.entity.js';
import { DEFAULT_MAX_ACTIVE, ExpertRepository } from './expert.repository.js';
import type { ProfileView } from './profile.view.js';
import { regionsOf } from './regions.js';
import { rankExperts, type Suggestion } from './scoring.js';
import { refuse } from '../common/errors/refusal.js';

/** Expert profiles and the ranked suggestions built from them. */
@Injectable()
export class ExpertsService {
  constructor(
    private readonly policy: AccessPolicy,
    private readonly experts: ExpertRepository,
    private readonly users: UsersService,
    private readonly topics: TopicsService,
    private readonly inquiries: InquiriesService,
    private readonly audit: AuditTrail,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async profile(viewer: Viewer, userId: string): Promise<ProfileView> {
    await this.requireEditable(viewer, userId);
    return toView((await this.experts.findProfile(userId)) ?? defaultProfile(userId));
  }

  async saveProfile(viewer: Viewer, userId: string, dto: ExpertProfileDto): Promise<ProfileView> {
    await this.requireEditable(viewer, userId);
    return this.tx.run(async (em) => {
      await this.topics.requireKnown(dto.topics, em);
      const profile: ExpertProfile = {
        userId,
        topics: [...new Set(dto.topics)],
        languages: [...new Set(dto.languages)],
        regions: [...new Set(dto.regions)],
        conflictCountries: [...new Set(dto.conflictCountries)],
        maxActive: dto.maxActive,
        available: dto.available,
        updatedAt: this.clock.iso(),
      };
      await this.experts.saveProfile(profile, em);
      await this.audit.record(em, { actorId: viewer.userId, action: 'expert.profile-saved', details: { expertId: userId } });
      return toView(profile);
    });
  }

  async suggestions(viewer: Viewer, inquiryId: string): Promise<Suggestion[]> {
    const { inquiry } = await this.inquiries.requireVisible(viewer, inquiryId);
    const needs = { topics: inquiry.topics, language: inquiry.language, country: inquiry.country, regions: regionsOf(inquiry.country) };
    return rankExperts(needs, await this.experts.candidates());
  }

  /** The secretariat edits any expert's profile; an expert only its own. Anyone else: 403; not an expert: 404. */
  private async requireEditable(viewer: Viewer, userId: string): Promise<void> {
    enforce(this.policy.expertProfile(viewer, userId));
    if ((await this.users.activeExpertName(userId)) === null) throw refuse('expert.not-found', 'expert not found');
  }
}

const defaultProfile = (userId: string): ExpertProfile => ({
  userId,
  topics: [],
  languages: [],
  regions: [],
  conflictCountries: [],
  maxActive: DEFAULT_MAX_ACTIVE,
  available: true,
  updatedAt: '',
});

const toView = (p: ExpertProfile): ProfileView => ({
  userId: p.userId,
  topics: p.topics,
  languages: p.languages,
  regions: p.regions,
  conflictCountries: p.conflictCountries,
  maxActive: p.maxActive,
  available: p.available,
  updatedAt: p.updatedAt,
});
