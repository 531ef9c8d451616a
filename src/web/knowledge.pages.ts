import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AccessPolicy } from '../access/access-policy.js';
import { Roles, WebPage } from '../common/decorators.js';
import { INQUIRY_LANGUAGES } from '../common/workflow.js';
import {
  ConsentAnswerDto,
  CreateEntryDto,
  ListEntriesQuery,
  SimilarQuery,
  SubmitEntryDto,
  UnpublishEntryDto,
  ApproveEntryDto,
  UpdateEntryDto,
} from '../knowledge/dto/knowledge.dto.js';
import { ENTRY_STATUSES } from '../common/knowledge-status.js';
import { KnowledgeService } from '../knowledge/knowledge.service.js';
import { TopicsService } from '../topics/topics.service.js';
import { act, field, formBody, list, validated } from './forms.js';
import { LANGUAGE_NAMES, type WebLanguage } from './i18n.js';
import { pathId } from './path-id.js';
import { WebErrorFilter } from './web-error.filter.js';
import { WebPages, type PageRequest } from './web-page.js';

const CHECKLIST = ['state', 'institution', 'names', 'dates', 'citations', 'otherIdentifiers'] as const;

/**
 * The knowledge base's pages (issue 21): reading and searching published entries (requesters and
 * experts, signed in), drafting, submitting, approving and unpublishing (the secretariat), and the
 * requester's answer to the consent question on its inquiry's page.
 */
@Controller()
@WebPage()
@UseFilters(WebErrorFilter)
export class KnowledgePages {
  constructor(
    private readonly pages: WebPages,
    private readonly knowledge: KnowledgeService,
    private readonly topics: TopicsService,
    private readonly policy: AccessPolicy,
  ) {
    pages.addNav({ href: '/knowledge', label: 'nav.knowledge', roles: ['requester', 'expert', 'secretariat'] });
    pages.addInquirySection(async (viewer, inquiryId) => {
      const { consent, canAnswer } = await this.knowledge.consent(viewer, inquiryId);
      const canDraft = this.policy.onKnowledge(viewer).offerDraft(consent?.status ?? null);
      return { publicationConsent: consent, publicationConsentCan: canAnswer, publicationConsentCanDraft: canDraft };
    });
  }

  @Get('knowledge')
  async list(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const viewer = req.viewer!;
    const raw = req.query as Record<string, string | undefined>;
    const query = await validated(ListEntriesQuery, {
      q: raw.q?.trim() || undefined,
      language: raw.language || undefined,
      topic: raw.topic || undefined,
      status: raw.status || undefined,
      cursor: raw.cursor,
      limit: 25,
    });
    const page = await this.knowledge.list(viewer, query);
    const lang = this.pages.language(req, reply);
    const seesAll = this.policy.onKnowledge(viewer).seesUnpublished();
    const params = Object.fromEntries(
      Object.entries({ q: query.q, language: query.language, topic: query.topic, status: query.status }).filter(([, v]) => v !== undefined),
    ) as Record<string, string>;
    await this.pages.render(req, reply, 'knowledge-list', {
      title: 'knowledge.title',
      q: query.q ?? '',
      topicLabels: await this.pages.topicLabels(viewer),
      topics: (await this.topics.list(viewer, false)).map((t) => ({ slug: t.slug, selected: t.slug === query.topic })),
      entryLanguages: this.languages(query.language),
      statuses: seesAll ? ENTRY_STATUSES.map((code) => ({ code, selected: code === (query.status ?? 'published') })) : null,
      total: page.total,
      items: page.items.map((e) => ({ ...e, question: (e.texts.find((x) => x.language === lang) ?? e.texts[0])?.question ?? '' })),
      next: page.nextCursor ? `/knowledge?${new URLSearchParams({ ...params, cursor: page.nextCursor })}` : null,
    });
  }

  @Get('knowledge/new')
  @Roles('secretariat')
  async draftForm(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const viewer = req.viewer!;
    const source = pathId((req.query as Record<string, string | undefined>).source ?? '');
    await this.pages.render(req, reply, 'knowledge-new', {
      title: 'knowledge.draft.title',
      source,
      topicLabels: await this.pages.topicLabels(viewer),
      topics: (await this.topics.list(viewer, false)).map((t) => ({ slug: t.slug, selected: false })),
      entryLanguages: this.languages(undefined),
    });
  }

  @Post('knowledge')
  @Roles('secretariat')
  async draft(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = formBody(req.body);
    const source = field(body, 'sourceInquiryId') ?? '';
    await act(this.pages, reply, `/knowledge/new?source=${encodeURIComponent(source)}`, 'knowledge.drafted', async () => {
      const texts = INQUIRY_LANGUAGES.map((language) => ({ language, question: field(body, `question_${language}`), answer: field(body, `answer_${language}`) })).filter(
        (t) => t.question !== undefined || t.answer !== undefined,
      );
      const dto = await validated(CreateEntryDto, { sourceInquiryId: source, topics: list(body, 'topics'), texts });
      return `/knowledge/${(await this.knowledge.create(req.viewer!, dto)).id}`;
    });
  }

  /**
   * "Questions like yours" while a requester files a query: the published entries on the topics it
   * chose. A page of its own (it works without script, linked from the form); the form's small
   * same-origin script (public/similar.js) fetches it once topics are chosen and shows its list
   * beside the form, so the form itself never waits for it.
   */
  @Get('knowledge/similar')
  async similar(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const viewer = req.viewer!;
    const raw = (req.query as Record<string, string | string[] | undefined>).topics;
    const topics = [...new Set((Array.isArray(raw) ? raw : raw === undefined ? [] : raw.split(',')).map((x) => x.trim()).filter(Boolean))];
    const query = await validated(SimilarQuery, { topics });
    const lang = this.pages.language(req, reply);
    const entries = query.topics.length ? await this.knowledge.similar(viewer, query.topics) : [];
    await this.pages.render(req, reply, 'knowledge-similar', {
      title: 'knowledge.similar.title',
      topicLabels: await this.pages.topicLabels(viewer),
      chosen: query.topics,
      items: entries.map((e) => ({ ...e, question: (e.texts.find((x) => x.language === lang) ?? e.texts[0])?.question ?? '' })),
    });
  }

  /** The secretariat edits a draft's texts and topics; a stale version is refused (409) with the form shown again. */
  @Get('knowledge/:id/edit')
  @Roles('secretariat')
  async editForm(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const viewer = req.viewer!;
    const entry = await this.knowledge.get(viewer, pathId(rawId));
    const texts = new Map(entry.texts.map((t) => [t.language, t]));
    await this.pages.render(req, reply, 'knowledge-edit', {
      title: 'knowledge.edit.title',
      entry,
      topicLabels: await this.pages.topicLabels(viewer),
      topics: (await this.topics.list(viewer, false)).map((t) => ({ slug: t.slug, selected: entry.topics.includes(t.slug) })),
      entryLanguages: this.languages(undefined).map((l) => ({ ...l, question: texts.get(l.code)?.question ?? '', answer: texts.get(l.code)?.answer ?? '' })),
    });
  }

  @Post('knowledge/:id/edit')
  @Roles('secretariat')
  async edit(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const id = pathId(rawId);
    const body = formBody(req.body);
    await act(this.pages, reply, `/knowledge/${id}/edit`, 'knowledge.edited', async () => {
      const texts = INQUIRY_LANGUAGES.map((language) => ({ language, question: field(body, `question_${language}`), answer: field(body, `answer_${language}`) })).filter(
        (t) => t.question !== undefined || t.answer !== undefined,
      );
      const dto = await validated(UpdateEntryDto, { version: Number(field(body, 'version')), topics: list(body, 'topics'), texts });
      await this.knowledge.update(req.viewer!, id, dto);
      return `/knowledge/${id}`;
    });
  }

  @Get('knowledge/:id')
  async show(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const viewer = req.viewer!;
    const entry = await this.knowledge.get(viewer, pathId(rawId));
    await this.pages.render(req, reply, 'knowledge-entry', { title: 'knowledge.entry.title', entry, checklist: CHECKLIST, topicLabels: await this.pages.topicLabels(viewer) });
  }

  @Post('knowledge/:id/submit')
  @Roles('secretariat')
  async submit(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const id = pathId(rawId);
    const body = formBody(req.body);
    await act(this.pages, reply, `/knowledge/${id}`, 'knowledge.submitted', async () => {
      const term = field(body, 'explainTerm');
      const reason = field(body, 'explainReason');
      const dto = await validated(SubmitEntryDto, {
        version: Number(field(body, 'version')),
        checklist: Object.fromEntries(CHECKLIST.map((item) => [item, field(body, item) === 'true'])),
        explanations: term !== undefined || reason !== undefined ? [{ term, reason }] : undefined,
      });
      await this.knowledge.submit(req.viewer!, id, dto);
    });
  }

  @Post('knowledge/:id/approve')
  @Roles('secretariat')
  async approve(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const id = pathId(rawId);
    await act(this.pages, reply, `/knowledge/${id}`, 'knowledge.published', async () => {
      await this.knowledge.approve(req.viewer!, id, await validated(ApproveEntryDto, { version: Number(field(formBody(req.body), 'version')) }));
    });
  }

  @Post('knowledge/:id/unpublish')
  @Roles('secretariat')
  async unpublish(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const id = pathId(rawId);
    await act(this.pages, reply, `/knowledge/${id}`, 'knowledge.unpublished', async () => {
      await this.knowledge.unpublish(req.viewer!, id, await validated(UnpublishEntryDto, { reason: field(formBody(req.body), 'reason') }));
    });
  }

  @Post('inquiries/:id/publication-consent')
  @Roles('requester')
  async consent(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const id = pathId(rawId);
    const value = field(formBody(req.body), 'consent');
    await act(this.pages, reply, `/inquiries/${id}`, 'knowledge.consent.saved', async () => {
      await this.knowledge.answerConsent(req.viewer!, id, await validated(ConsentAnswerDto, { consent: value === 'true' ? true : value === 'false' ? false : value }));
    });
  }

  private languages(selected: string | undefined) {
    return INQUIRY_LANGUAGES.map((code) => ({ code, name: LANGUAGE_NAMES[code as WebLanguage], selected: code === selected }));
  }
}
