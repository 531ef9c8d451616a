import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { Assignment } from './assignment.entity.js';
import { ExpertProfile } from './expert-profile.entity.js';
import type { Candidate } from './scoring.js';

export const DEFAULT_MAX_ACTIVE = 3;

@Injectable()
export class ExpertRepository {
  constructor(private readonly dataSource: DataSource) {}

  findProfile(userId: string, em?: EntityManager): Promise<ExpertProfile | null> {
    return (em ?? this.dataSource.manager).getRepository(ExpertProfile).findOneBy({ userId });
  }

  async saveProfile(profile: ExpertProfile, em: EntityManager): Promise<void> {
    await em.getRepository(ExpertProfile).upsert(profile, ['userId']);
  }

  /**
   * Every active expert with its profile and current load (proposed and accepted assignments),
   * in two queries however many experts there are.
   */
  async candidates(): Promise<Candidate[]> {
    const rows = await this.dataSource
      .createQueryBuilder()
      .select(['u.id AS "id"', 'u.name AS "name"'])
      .addSelect(['p.topics AS "topics"', 'p.languages AS "languages"', 'p.regions AS "regions"'])
      .addSelect(['p."conflictCountries" AS "conflictCountries"', 'p."maxActive" AS "maxActive"', 'p.available AS "available"'])
      .from('user_account', 'u')
      .leftJoin('expert_profile', 'p', 'p."userId" = u.id')
      .where(`u.role = 'expert'`)
      .andWhere('u.active = :active', { active: true })
      .getRawMany<Record<string, string | number | boolean | null>>();
    const loads = await this.loads(rows.map((r) => String(r.id)));
    return rows.map((r) => ({
      id: String(r.id),
      name: String(r.name),
      topics: parseList(r.topics),
      languages: parseList(r.languages),
      regions: parseList(r.regions),
      conflictCountries: parseList(r.conflictCountries),
      maxActive: r.maxActive === null ? DEFAULT_MAX_ACTIVE : Number(r.maxActive),
      available: r.available === null ? true : r.available === true || r.available === 1,
      activeLoad: loads.get(String(r.id)) ?? 0,
    }));
  }

  private async loads(expertIds: string[]): Promise<Map<string, number>> {
    if (expertIds.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(Assignment)
      .createQueryBuilder('a')
      .select('a.expertId', 'expertId')
      .addSelect('COUNT(*)', 'n')
      .where({ expertId: In(expertIds), status: In(['proposed', 'accepted']) })
      .groupBy('a.expertId')
      .getRawMany<{ expertId: string; n: string | number }>();
    return new Map(rows.map((r) => [r.expertId, Number(r.n)]));
  }
}

const parseList = (v: unknown): string[] => (typeof v === 'string' ? (JSON.parse(v) as string[]) : []);
