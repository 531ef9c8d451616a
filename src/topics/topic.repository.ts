import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { bool, placeholders, RawSql } from '../database/raw-sql.js';
import { Topic } from './topic.entity.js';

@Injectable()
export class TopicRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: RawSql,
  ) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(Topic);
  }

  /** Every topic (or the current ones): read on every page with a topic choice, hand-written like the other hot reads. */
  async list(includeRetired: boolean, em?: EntityManager): Promise<Topic[]> {
    const rows = await this.sql.all<Topic>(`SELECT * FROM topic ${includeRetired ? '' : 'WHERE retired = ?'} ORDER BY position, slug`, includeRetired ? [] : [false], em);
    return rows.map((t) => ({ ...t, retired: bool(t.retired), position: Number(t.position) }));
  }

  async findBySlugs(slugs: string[], em?: EntityManager): Promise<Topic[]> {
    if (slugs.length === 0) return [];
    // Every intake and topic change checks its slugs: hand-written like the other hot reads.
    const rows = await this.sql.all<Topic>(`SELECT * FROM topic WHERE slug IN (${placeholders(slugs.length)})`, slugs, em);
    return rows.map((t) => ({ ...t, retired: bool(t.retired), position: Number(t.position) }));
  }

  findOne(slug: string, em?: EntityManager): Promise<Topic | null> {
    return this.repo(em).findOneBy({ slug });
  }

  async nextPosition(em: EntityManager): Promise<number> {
    const row = await this.repo(em).createQueryBuilder('t').select('MAX(t.position)', 'max').getRawOne<{ max: number | null }>();
    return Number(row?.max ?? -1) + 1;
  }

  async insert(topic: Topic, em: EntityManager): Promise<void> {
    await this.repo(em).insert(topic);
  }

  async update(slug: string, patch: Partial<Topic>, em: EntityManager): Promise<void> {
    await this.repo(em).update({ slug }, patch);
  }
}
