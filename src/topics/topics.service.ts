import { AccessPolicy } from '../access/access-policy.js';
import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { EntityManager } from 'typeorm';
import { AuditTrail } from '../audit/audit-trail.js';
import { Clock } from '../common/clock.js';
import type { Viewer } from '../common/viewer.js';
import { isUniqueViolation } from '../database/errors.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import type { CreateTopicDto, UpdateTopicDto } from './topic.dto.js';
import type { Topic } from './topic.entity.js';
import { TopicRepository } from './topic.repository.js';
import { refuse } from '../common/errors/refusal.js';

export class TopicView {
  @ApiProperty({ example: 'criminalisation' }) slug: string;
  @ApiProperty() label: string;
  @ApiProperty({ description: 'The slug of the group the topic is listed under' }) group: string;
  @ApiProperty({ description: 'What the topic covers (may be empty)' }) covers: string;
  @ApiProperty({ description: 'A retired topic is kept on existing inquiries but cannot be chosen for new ones' }) retired: boolean;
}

const toView = (t: Topic): TopicView => ({ slug: t.slug, label: t.label, group: t.group, covers: t.covers, retired: t.retired });

/**
 * How long a topic list read is kept. Nearly every page reads it (the queue on each of its rows'
 * labels and its filter); a topic changes a few times a year. A change made here drops the kept
 * lists at once; one made on another instance shows here within this time (a label, never a
 * permission: who may see retired topics is decided on every call).
 */
const TOPICS_LIFE_MS = 5_000;

@Injectable()
export class TopicsService {
  constructor(
    private readonly policy: AccessPolicy,
    private readonly topics: TopicRepository,
    private readonly audit: AuditTrail,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** Kept lists (with and without the retired topics), shared by every caller: frozen, never to be changed. */
  private readonly kept = new Map<boolean, { list: TopicView[]; until: number }>();
  /** Counts the changes made here, so that a read begun before one is not kept after it. */
  private changes = 0;

  async list(viewer: Viewer, includeRetired: boolean): Promise<TopicView[]> {
    return this.keptList(includeRetired && this.policy.seesRetiredTopics(viewer));
  }

  /** `em`: a caller in a transaction reads there (a pooled connection more could be one too many). */
  private async keptList(retired: boolean, em?: EntityManager): Promise<TopicView[]> {
    const now = Date.now();
    const kept = this.kept.get(retired);
    if (kept && kept.until > now) return kept.list;
    const before = this.changes;
    const list = Object.freeze((await this.topics.list(retired, em)).map((t) => Object.freeze(toView(t)))) as TopicView[];
    if (before === this.changes) this.kept.set(retired, { list, until: now + TOPICS_LIFE_MS });
    return list;
  }

  /** After a change here has committed (or failed: nothing is lost by reading again). */
  private forget(): void {
    this.changes++;
    this.kept.clear();
  }

  async add(viewer: Viewer, dto: CreateTopicDto): Promise<TopicView> {
    try {
      return await this.tx.run(async (em) => {
        const topic: Topic = {
          slug: dto.slug,
          group: dto.group,
          label: dto.label,
          covers: dto.covers ?? '',
          position: await this.topics.nextPosition(em),
          retired: false,
          createdAt: this.clock.iso(),
        };
        await this.topics.insert(topic, em);
        await this.audit.record(em, { actorId: viewer.userId, action: 'topic.added', details: { slug: topic.slug } });
        return toView(topic);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw refuse('topic.exists', `a topic ${dto.slug} already exists`, { slug: dto.slug });
      throw err;
    } finally {
      this.forget();
    }
  }

  async update(viewer: Viewer, slug: string, dto: UpdateTopicDto): Promise<TopicView> {
    try {
      return await this.tx.run(async (em) => {
        const topic = await this.topics.findOne(slug, em);
        if (!topic) throw refuse('topic.not-found', 'topic not found');
        const patch: Partial<Topic> = {};
        if (dto.label !== undefined) patch.label = dto.label;
        if (dto.retired !== undefined) patch.retired = dto.retired;
        if (Object.keys(patch).length > 0) await this.topics.update(slug, patch, em);
        await this.audit.record(em, { actorId: viewer.userId, action: 'topic.updated', details: { slug, fields: Object.keys(patch) } });
        return toView({ ...topic, ...patch });
      });
    } finally {
      this.forget();
    }
  }

  /** Slugs that all name a topic, retired or not (an expert's profile may keep a retired one). */
  async requireKnown(slugs: string[], em: EntityManager): Promise<void> {
    const found = new Set((await this.topics.findBySlugs(slugs, em)).map((t) => t.slug));
    const unknown = slugs.filter((s) => !found.has(s));
    if (unknown.length > 0) throw refuse('topics.unknown', `topics contains unknown slugs: ${unknown.join(', ')}`, { slugs: unknown.join(', ') });
  }

  /**
   * The topics of a new inquiry, as `requireUsable` checks them, from the kept topic list rather
   * than read in the intake's transaction (a statement, and on PostgreSQL a round trip, fewer). A
   * topic retired here is refused at once (the change drops the kept lists); one retired on another
   * instance within TOPICS_LIFE_MS (5 s), as a label shows there. A read in the transaction gave no
   * firmer answer: an intake whose check ran just before a retirement committed took the topic too.
   */
  async requireChoosable(slugs: string[], em: EntityManager): Promise<void> {
    refuseRepeated(slugs);
    refuseUnusable(slugs, new Map((await this.keptList(true, em)).map((t) => [t.slug, t.retired])));
  }

  /**
   * The topics of a new or re-classified inquiry: one to five distinct slugs, each known and
   * (unless it is already on the inquiry) not retired.
   */
  async requireUsable(slugs: string[], em: EntityManager, alreadyOn: string[] = []): Promise<void> {
    refuseRepeated(slugs);
    refuseUnusable(slugs, new Map((await this.topics.findBySlugs(slugs, em)).map((t) => [t.slug, t.retired])), alreadyOn);
  }
}

function refuseRepeated(slugs: string[]): void {
  if (new Set(slugs).size !== slugs.length) throw refuse('topics.repeated', 'topics must not repeat a slug');
}

/** Refuses slugs that name no topic, or a retired one not already on the inquiry (`alreadyOn`); `retired` by slug. */
function refuseUnusable(slugs: string[], retired: ReadonlyMap<string, boolean>, alreadyOn: readonly string[] = []): void {
  const bad = slugs.filter((s) => !retired.has(s) || (retired.get(s) && !alreadyOn.includes(s)));
  if (bad.length > 0) throw refuse('topics.unknown', `topics contains unknown or retired slugs: ${bad.join(', ')}`, { slugs: bad.join(', ') });
}
