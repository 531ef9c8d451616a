import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CountriesService } from '../countries/countries.service.js';
import { CountryCodePipe } from '../countries/country-code.pipe.js';
import { M49_REGIONS, TREATY_STATUSES, UN_REGIONAL_GROUPS } from '../countries/country.entity.js';
import type { CountryView } from '../countries/country.view.js';
import { CountryFilter } from '../countries/dto/country-filter.dto.js';
import { UpdateCountryDto } from '../countries/dto/country.dto.js';
import { Roles, WebPage } from '../common/decorators.js';
import { act, field, formBody, list, validated, type FormBody } from './forms.js';
import type { FormState } from './form-view.js';
import { WebErrorFilter } from './web-error.filter.js';
import { WebPages, type PageRequest } from './web-page.js';

/** The groups of States the research names; a State may carry others, which the edit page keeps. */
const KNOWN_TAGS = ['asean', 'pacific', 'caribbean', 'mena', 'common-law-africa', 'francophone-africa', 'lusophone', 'ldc', 'sids'];
const DECLARATIONS = ['art20OptOut', 'art21Declared', 'art22Declared'] as const;
/** The label of each figure named in a State's list of those still to check. */
const UNCERTAIN_LABEL: Record<string, string> = {
  unRegionalGroup: 'countries.unGroup',
  uncatStatus: 'countries.uncat',
  uncatDate: 'countries.uncatDate',
  declarations: 'countries.declarations',
  opcatStatus: 'countries.opcat',
  npmDesignated: 'countries.npm',
};

/** The edit form's controls and their labels, for a refusal shown beside its field (a tag refused: beside the box of other tags). */
const EDIT_IDS = {
  unRegionalGroup: 'f-group',
  m49Region: 'f-region',
  m49Subregion: 'f-subregion',
  m49IntermediateRegion: 'f-intermediate',
  tags: 'f-other-tags',
  uncatStatus: 'f-uncat',
  uncatDate: 'f-uncat-date',
  art20OptOut: 'f-art20OptOut',
  art21Declared: 'f-art21Declared',
  art22Declared: 'f-art22Declared',
  opcatStatus: 'f-opcat',
  npmDesignated: 'f-npm',
  asOf: 'f-as-of',
};
const EDIT_LABELS = {
  unRegionalGroup: 'countries.unGroup',
  m49Region: 'countries.region',
  m49Subregion: 'countries.subregion',
  m49IntermediateRegion: 'countries.intermediateRegion',
  tags: 'countries.otherTags',
  uncatStatus: 'countries.uncat',
  uncatDate: 'countries.uncatDate',
  art20OptOut: 'countries.art20OptOut',
  art21Declared: 'countries.art21Declared',
  art22Declared: 'countries.art22Declared',
  opcatStatus: 'countries.opcat',
  npmDesignated: 'countries.npm',
  asOf: 'countries.asOf',
};

const code = (raw: string) => new CountryCodePipe().transform(raw);
/** A select of unknown / yes / no as the DTO takes it (anything else goes on, to be refused by the DTO). */
const yesNo = (v: string | undefined): boolean | null | string => (v === undefined ? null : v === 'true' ? true : v === 'false' ? false : v);
const orNull = (v: string | undefined) => v ?? null;
const collators = new Map<string, Intl.Collator>();
const collator = (lang: string) => collators.get(lang) ?? collators.set(lang, new Intl.Collator(lang)).get(lang)!;

/** The secretariat's page of the country reference data: the States with a filter, and one State's figures corrected (through the API's service, audited there). */
@Controller('admin/countries')
@WebPage()
@Roles('secretariat')
@UseFilters(WebErrorFilter)
export class CountriesPages {
  constructor(
    private readonly pages: WebPages,
    private readonly countries: CountriesService,
  ) {
    pages.addNav({ href: '/admin/countries', label: 'nav.countries', roles: ['secretariat'] });
  }

  @Get()
  async listPage(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const raw = req.query as Record<string, string | undefined>;
    const pick = (name: string) => (raw[name] === undefined || raw[name] === '' ? undefined : raw[name]);
    const filter = await validated(CountryFilter, { q: pick('q'), group: pick('group'), tag: pick('tag'), uncat: pick('uncat'), uncertain: pick('uncertain') });
    const lang = this.pages.language(req, reply);
    const found = await this.countries.find(filter, (c) => this.pages.i18n.country(lang, c));
    await this.pages.render(req, reply, 'admin-countries', {
      title: 'countries.title',
      filter,
      groups: UN_REGIONAL_GROUPS,
      tags: KNOWN_TAGS,
      statuses: TREATY_STATUSES,
      count: found.length,
      // By the State's common name in the page's language, as people look for it (not by code).
      items: found
        .map((c) => ({ ...c, localName: this.pages.i18n.country(lang, c.code), toCheck: c.uncertain.length }))
        .sort((a, b) => collator(lang).compare(a.localName, b.localName)),
    });
  }

  @Get(':code')
  async editPage(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('code') rawCode: string): Promise<void> {
    await this.renderEdit(req, reply, code(rawCode));
  }

  /**
   * One State's form, its figures as stored or, after a refusal, as they were chosen (over the
   * current version: after a stale one, saving again is a deliberate choice, said on the page).
   */
  private async renderEdit(req: PageRequest, reply: FastifyReply, at: string, form?: FormState, status = 200): Promise<void> {
    const stored = await this.countries.get(at);
    const country = { ...stored, ...Object.fromEntries(Object.entries(form?.values ?? {}).filter(([, v]) => v !== undefined)) } as CountryView;
    const lang = this.pages.language(req, reply);
    const all = await this.countries.list();
    const names = (pick: (c: CountryView) => string | null) => [...new Set(all.map(pick).filter((n): n is string => Boolean(n)))].sort();
    await this.pages.render(
      req,
      reply,
      'admin-country',
      {
        title: 'countries.editTitle',
        // The layout's title reads {ref}: here the State's name.
        reference: this.pages.i18n.country(lang, stored.code),
        country,
        stored,
        localName: this.pages.i18n.country(lang, stored.code),
        groups: UN_REGIONAL_GROUPS,
        regions: M49_REGIONS,
        subregions: names((c) => c.m49Subregion),
        intermediateRegions: names((c) => c.m49IntermediateRegion),
        tags: [...new Set([...KNOWN_TAGS, ...stored.tags])].map((tag) => ({ tag, checked: country.tags.includes(tag), known: KNOWN_TAGS.includes(tag) })),
        statuses: TREATY_STATUSES,
        declarations: DECLARATIONS.map((name) => ({ name, label: `countries.${name}`, value: country[name] === null ? '' : String(country[name]) })),
        npm: country.npmDesignated === null ? '' : String(country.npmDesignated),
        uncertain: stored.uncertain.map((f) => UNCERTAIN_LABEL[f] ?? f),
        staleKept: form?.refusal?.code === 'country.changed',
        form,
      },
      status,
    );
  }

  @Post(':code')
  async save(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('code') rawCode: string): Promise<void> {
    const at = code(rawCode);
    const body = formBody(req.body);
    const back = `/admin/countries/${at}`;
    await act(
      this.pages,
      reply,
      back,
      'countries.saved',
      async () => {
        const current = await this.countries.get(at);
        await this.countries.update(req.viewer!, at, await validated(UpdateCountryDto, changes(body, current)));
      },
      // The form again as it was filled: the boxes ticked, the other tags as typed, every choice and date.
      (refused) =>
        this.renderEdit(
          req,
          reply,
          at,
          {
            values: { ...typed(body), tags: list(body, 'tags'), otherTags: field(body, 'otherTags', true), asOf: field(body, 'asOf', true) ?? '' },
            refusal: refused,
            ids: EDIT_IDS,
            labels: EDIT_LABELS,
          },
          refused.status,
        ),
    );
  }
}

/** The figures as the form gives them, in the API's terms (null: unknown or none). */
function typed(body: FormBody): Record<string, unknown> {
  return {
    unRegionalGroup: orNull(field(body, 'unRegionalGroup')),
    m49Region: orNull(field(body, 'm49Region')),
    m49Subregion: orNull(field(body, 'm49Subregion')),
    m49IntermediateRegion: orNull(field(body, 'm49IntermediateRegion')),
    tags: [...new Set([...list(body, 'tags'), ...(field(body, 'otherTags') ?? '').split(/[\s,]+/).filter(Boolean)])].sort(),
    uncatStatus: field(body, 'uncatStatus'),
    uncatDate: orNull(field(body, 'uncatDate')),
    art20OptOut: yesNo(field(body, 'art20OptOut')),
    art21Declared: yesNo(field(body, 'art21Declared')),
    art22Declared: yesNo(field(body, 'art22Declared')),
    opcatStatus: field(body, 'opcatStatus'),
    npmDesignated: yesNo(field(body, 'npmDesignated')),
  };
}

/**
 * What the form changes, as the API's body: the version and the date always, then only the figures
 * that differ from the State's now, so that the audit entry names what was corrected.
 */
function changes(body: FormBody, current: CountryView): Record<string, unknown> {
  const version = field(body, 'version');
  const now = current as unknown as Record<string, unknown>;
  const changed = Object.entries(typed(body)).filter(([name, value]) => JSON.stringify(value) !== JSON.stringify(now[name]));
  return {
    version: version !== undefined && /^\d{1,9}$/.test(version) ? Number(version) : version,
    asOf: field(body, 'asOf'),
    ...Object.fromEntries(changed),
  };
}
