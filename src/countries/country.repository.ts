import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Country, CountryTag } from './country.entity.js';

/** The country reference data: some 220 rows, read whole (reference data, not records). */
@Injectable()
export class CountryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(em?: EntityManager): EntityManager {
    return em ?? this.dataSource.manager;
  }

  /** Every country with its tags: two statements. */
  async all(): Promise<Array<{ country: Country; tags: string[] }>> {
    const [countries, tags] = await Promise.all([
      this.manager()
        .getRepository(Country)
        .find({ order: { code: 'ASC' } }),
      this.manager()
        .getRepository(CountryTag)
        .find({ order: { tag: 'ASC' } }),
    ]);
    const byCode = new Map<string, string[]>();
    for (const t of tags) byCode.set(t.countryCode, [...(byCode.get(t.countryCode) ?? []), t.tag]);
    return countries.map((country) => ({ country, tags: byCode.get(country.code) ?? [] }));
  }

  async findOne(code: string, em = this.manager()): Promise<{ country: Country; tags: string[] } | null> {
    const country = await em.getRepository(Country).findOneBy({ code });
    if (!country) return null;
    const tags = (await em.getRepository(CountryTag).find({ where: { countryCode: code }, order: { tag: 'ASC' } })).map((t) => t.tag);
    return { country, tags };
  }

  async updateIfVersion(code: string, version: number, patch: Partial<Country>, em: EntityManager): Promise<boolean> {
    const result = await em
      .getRepository(Country)
      .createQueryBuilder()
      .update()
      .set({ ...patch, version: () => 'version + 1' })
      .where('code = :code AND version = :version', { code, version })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  async replaceTags(code: string, tags: string[], em: EntityManager): Promise<void> {
    await em.getRepository(CountryTag).delete({ countryCode: code });
    if (tags.length > 0) await em.getRepository(CountryTag).insert(tags.map((tag) => ({ countryCode: code, tag })));
  }
}
