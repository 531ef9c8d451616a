import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { Topic } from './topic.entity.js';

@Injectable()
export class TopicRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(Topic);
  }

  list(includeRetired: boolean): Promise<Topic[]> {
    return this.repo().find({ where: includeRetired ? {} : { retired: false }, order: { position: 'ASC', slug: 'ASC' } });
  }

  findBySlugs(slugs: string[], em?: EntityManager): Promise<Topic[]> {
    return slugs.length === 0 ? Promise.resolve([]) : this.repo(em).findBy({ slug: In(slugs) });
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
