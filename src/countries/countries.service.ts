import { Injectable } from '@nestjs/common';
import { AuditTrail } from '../audit/audit-trail.js';
import { Clock } from '../common/clock.js';
import type { Viewer } from '../common/viewer.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import type { Country } from './country.entity.js';
import { CountryRepository } from './country.repository.js';
import { toCountryView, type CountryView } from './country.view.js';
import type { CountryFilter } from './dto/country-filter.dto.js';
import type { UpdateCountryDto } from './dto/country.dto.js';
import { refuse } from '../common/errors/refusal.js';

/** Lower case without accents, so that "cote" finds Côte d'Ivoire. */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

const FIELDS = [
  'unRegionalGroup',
  'm49Region',
  'm49Subregion',
  'm49IntermediateRegion',
  'uncatStatus',
  'uncatDate',
  'art20OptOut',
  'art21Declared',
  'art22Declared',
  'opcatStatus',
  'npmDesignated',
] as const;

/** The country reference data: read by the secretariat, corrected by it (each change audited). */
@Injectable()
export class CountriesService {
  constructor(
    private readonly countries: CountryRepository,
    private readonly audit: AuditTrail,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<CountryView[]> {
    return (await this.countries.all()).map(({ country, tags }) => toCountryView(country, tags));
  }

  /**
   * The States that match the filter (the secretariat's page). Filtered here, not in SQL: some 220
   * rows of reference data read whole, and names are matched without case or accents.
   */
  async find(filter: CountryFilter, nameOf: (code: string) => string): Promise<CountryView[]> {
    const words = fold(filter.q ?? '')
      .split(/\s+/)
      .filter(Boolean);
    return (await this.list()).filter(
      (c) =>
        (!filter.group || c.unRegionalGroup === filter.group) &&
        (!filter.tag || c.tags.includes(filter.tag)) &&
        (!filter.uncat || c.uncatStatus === filter.uncat) &&
        (!filter.uncertain || c.uncertain.length > 0) &&
        words.every((w) => fold(`${c.code} ${c.name} ${nameOf(c.code)}`).includes(w)),
    );
  }

  async get(code: string): Promise<CountryView> {
    const found = await this.countries.findOne(code);
    if (!found) throw refuse('country.not-found', 'country not found');
    return toCountryView(found.country, found.tags);
  }

  update(viewer: Viewer, code: string, dto: UpdateCountryDto): Promise<CountryView> {
    return this.tx.run(async (em) => {
      const found = await this.countries.findOne(code, em);
      if (!found) throw refuse('country.not-found', 'country not found');
      const patch: Partial<Country> = { asOf: dto.asOf, updatedAt: this.clock.iso() };
      const changed: string[] = [];
      for (const f of FIELDS) {
        if (dto[f] === undefined) continue;
        (patch as Record<string, unknown>)[f] = dto[f];
        changed.push(f);
      }
      // A corrected figure is verified now: it leaves the list of uncertain ones.
      const verified = changed.map((f) => (f.startsWith('art') ? 'declarations' : f));
      patch.uncertain = JSON.stringify((JSON.parse(found.country.uncertain) as string[]).filter((f) => !verified.includes(f)));
      if (!(await this.countries.updateIfVersion(code, dto.version, patch, em))) {
        throw refuse('country.changed', `the country has changed since version ${dto.version}: reload it and try again`, { version: dto.version });
      }
      const tags = dto.tags === undefined ? found.tags : [...new Set(dto.tags)].sort();
      if (dto.tags !== undefined) {
        await this.countries.replaceTags(code, tags, em);
        changed.push('tags');
      }
      await this.audit.record(em, { actorId: viewer.userId, action: 'country.updated', details: { code, asOf: dto.asOf, fields: changed } });
      return toCountryView({ ...found.country, ...patch, version: dto.version + 1 }, tags);
    });
  }
}
