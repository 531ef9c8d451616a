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
import { refuse } from '../common/errors/refusal.js';
import { act, field, formBody, list, validated, type FormBody } from './forms.js';
import type { FormRefusal, FormState } from './form-view.js';
import { LANGUAGE_NAMES, type WebLanguage } from './i18n.js';
import { pathId } from './path-id.js';
import { WebErrorFilter } from './web-error.filter.js';
import type { Viewer } from '../common/viewer.js';
import { topicLabelsOf, WebPages, type PageRequest } from './web-page.js';

const CHECKLIST = ['state', 'institution', 'names', 'dates', 'citations', 'otherIdentifiers'] as const;

/** The draft and edit forms: a question and an answer per language, and the topics. */
const TEXT_IDS = Object.fromEntries(
  INQUIRY_LANGUAGES.flatMap((l) => [
    [`question_${l}`, `q-${l}`],
    [`answer_${l}`, `a-${l}`],
  ]),
);
const TEXT_LABELS = Object.fromEntries(
  INQUIRY_LANGUAGES.flatMap((l) => [
    [`question_${l}`, 'knowledge.draft.question'],
    [`answer_${l}`, 'knowledge.draft.answer'],
  ]),
);
const ENTRY_FORM = {
  ids: { topics: 'ktopics', ...TEXT_IDS },
  labels: { topics: 'knowledge.search.topic', ...TEXT_LABELS },
  fieldOf: { 'topics.unknown': 'topics', 'topics.repeated': 'topics' } as FormState['fieldOf'],
};
/** The submission's checklist and the explanation of a word the scan found; the unpublishing's reason. */
const SUBMIT_FORM = {
  ids: { checklist: 'k-checklist', explainTerm: 'exp-term', explainReason: 'exp-reason' },
  labels: { checklist: 'knowledge.checklist.legend', explainTerm: 'knowledge.explain.term', explainReason: 'knowledge.explain.reason' },
  fieldOf: { 'knowledge.checklist-incomplete': 'checklist', 'knowledge.identifying-words': 'explainTerm' } as FormState['fieldOf'],
};
const UNPUBLISH_FORM = { ids: { reason: 'unp-reason' }, labels: { reason: 'knowledge.unpublish.reason' } };

/** What the draft or edit form was given: every language's question and answer as typed, the topics chosen. */
function typedEntry(body: FormBody): Record<string, unknown> {
  const texts = INQUIRY_LANGUAGES.flatMap((l) => [
    [`question_${l}`, field(body, `question_${l}`, true)],
    [`answer_${l}`, field(body, `answer_${l}`, true)],
  ]);
  return { topics: list(body, 'topics'), ...Object.fromEntries(texts) };
}

/** The texts of the API's body: the languages with a question or an answer, in the form's order. */
function entryTexts(body: FormBody) {
  return INQUIRY_LANGUAGES.map((language) => ({ language, question: field(body, `question_${language}`), answer: field(body, `answer_${language}`) })).filter(
    (t) => t.question !== undefined || t.answer !== undefined,
  );
}

/** A refusal of `texts.1.answer` placed on the form's own field (`answer_fr`); no text at all, beside the first question. */
function onEntryFields(r: FormRefusal, languages: string[]): FormRefusal {
  const fields = r.fields.map((f) => {
    const m = /^texts\.(\d+)\.(question|answer)$/.exec(f.field);
    const language = m ? languages[Number(m[1])] : undefined;
    if (m && language) return { ...f, field: `${m[2]}_${language}` };
    return f.field === 'texts' ? { ...f, field: `question_${INQUIRY_LANGUAGES[0]}` } : f;
  });
  return { ...r, fields };
}

/** The draft or edit form shown again: what was typed, the refusal placed on the form's own fields. */
function entryForm(body: FormBody, refused: FormRefusal): FormState {
  const languages = entryTexts(body).map((t) => t.language);
  return { values: typedEntry(body), refusal: onEntryFields(refused, languages), ...ENTRY_FORM };
}

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

  /** Every topic read once: the labels the page shows (retired included) and the choices a form offers (topics in use). */
  private async topicChoices(viewer: Viewer, selected: (slug: string) => boolean) {
    const topics = await this.topics.list(viewer, true);
    return { topicLabels: topicLabelsOf(topics), topics: topics.filter((t) => !t.retired).map((t) => ({ slug: t.slug, selected: selected(t.slug) })) };
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
      ...(await this.topicChoices(viewer, (slug) => slug === query.topic)),
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
    await this.renderDraft(req, reply, pathId((req.query as Record<string, string | undefined>).source ?? ''));
  }

  /** The draft form, empty or as it was typed when refused (the source is the secretariat's: this page is theirs alone). */
  private async renderDraft(req: PageRequest, reply: FastifyReply, source: string, form?: FormState, status = 200): Promise<void> {
    const viewer = req.viewer!;
    const chosen = (form?.values.topics as string[] | undefined) ?? [];
    await this.pages.render(
      req,
      reply,
      'knowledge-new',
      {
        title: 'knowledge.draft.title',
        source,
        ...(await this.topicChoices(viewer, (slug) => chosen.includes(slug))),
        entryLanguages: this.textFields(form?.values ?? {}),
        form,
      },
      status,
    );
  }

  @Post('knowledge')
  @Roles('secretariat')
  async draft(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = formBody(req.body);
    const source = field(body, 'sourceInquiryId') ?? '';
    const texts = entryTexts(body);
    await act(
      this.pages,
      reply,
      `/knowledge/new?source=${encodeURIComponent(source)}`,
      'knowledge.drafted',
      async () => {
        const dto = await validated(CreateEntryDto, { sourceInquiryId: source, topics: list(body, 'topics'), texts });
        return `/knowledge/${(await this.knowledge.create(req.viewer!, dto)).id}`;
      },
      // The same form again, every text kept as typed; a source that is no id is as missing as on the form's own page.
      (refused) => this.renderDraft(req, reply, pathId(source), entryForm(body, refused), refused.status),
    );
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

  /** The secretariat edits a draft's texts and topics; a refusal (a stale version too) shows the form again with what was typed. */
  @Get('knowledge/:id/edit')
  @Roles('secretariat')
  async editForm(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    await this.renderEdit(req, reply, pathId(rawId));
  }

  /**
   * The edit form, read through the same access check as its page. Shown again after a refusal, it
   * holds what was typed over the entry's current version: after a stale version, saving again
   * is a deliberate choice, said on the page.
   */
  private async renderEdit(req: PageRequest, reply: FastifyReply, id: string, form?: FormState, status = 200): Promise<void> {
    const viewer = req.viewer!;
    const entry = await this.knowledge.get(viewer, id);
    const texts = new Map(entry.texts.map((t) => [t.language, t]));
    const saved = Object.fromEntries(
      INQUIRY_LANGUAGES.flatMap((l) => [
        [`question_${l}`, texts.get(l)?.question ?? ''],
        [`answer_${l}`, texts.get(l)?.answer ?? ''],
      ]),
    );
    const values = form?.values ?? { ...saved, topics: entry.topics };
    const chosen = values.topics as string[];
    await this.pages.render(
      req,
      reply,
      'knowledge-edit',
      {
        title: 'knowledge.edit.title',
        entry,
        ...(await this.topicChoices(viewer, (slug) => chosen.includes(slug))),
        entryLanguages: this.textFields(values),
        staleKept: form?.refusal?.code === 'knowledge.changed',
        form,
      },
      status,
    );
  }

  @Post('knowledge/:id/edit')
  @Roles('secretariat')
  async edit(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const id = pathId(rawId);
    const body = formBody(req.body);
    const texts = entryTexts(body);
    await act(
      this.pages,
      reply,
      `/knowledge/${id}/edit`,
      'knowledge.edited',
      async () => {
        const dto = await validated(UpdateEntryDto, { version: Number(field(body, 'version')), topics: list(body, 'topics'), texts });
        await this.knowledge.update(req.viewer!, id, dto);
        return `/knowledge/${id}`;
      },
      (refused) => this.renderEdit(req, reply, id, entryForm(body, refused), refused.status),
    );
  }

  @Get('knowledge/:id')
  async show(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    await this.renderEntry(req, reply, pathId(rawId));
  }

  /** An entry's page, read through its access check; after a refused submission or unpublishing, with that form as it was filled. */
  private async renderEntry(req: PageRequest, reply: FastifyReply, id: string, form?: FormState, status = 200): Promise<void> {
    const viewer = req.viewer!;
    const entry = await this.knowledge.get(viewer, id);
    const ticked = new Set(CHECKLIST.filter((item) => form?.values[item] === true));
    await this.pages.render(
      req,
      reply,
      'knowledge-entry',
      {
        title: 'knowledge.entry.title',
        entry,
        checklist: CHECKLIST.map((item) => ({ item, checked: ticked.has(item) })),
        topicLabels: await this.pages.topicLabels(viewer),
        form,
      },
      status,
    );
  }

  @Post('knowledge/:id/submit')
  @Roles('secretariat')
  async submit(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const id = pathId(rawId);
    const body = formBody(req.body);
    const term = field(body, 'explainTerm');
    const reason = field(body, 'explainReason');
    const checklist = Object.fromEntries(CHECKLIST.map((item) => [item, field(body, item) === 'true']));
    await act(
      this.pages,
      reply,
      `/knowledge/${id}`,
      'knowledge.submitted',
      async () => {
        // The page asks for every tick at once, in words of its own (the API names each unticked item).
        if (!CHECKLIST.every((item) => checklist[item])) throw refuse('knowledge.checklist-incomplete', 'tick every item of the checklist before submitting');
        const dto = await validated(SubmitEntryDto, {
          version: Number(field(body, 'version')),
          checklist,
          explanations: term !== undefined || reason !== undefined ? [{ term, reason }] : undefined,
        });
        await this.knowledge.submit(req.viewer!, id, dto);
      },
      // The ticks and the explanation kept; a word the scan found is named beside the explanation, on this page only.
      (refused) =>
        this.renderEntry(
          req,
          reply,
          id,
          {
            values: { ...checklist, explainTerm: field(body, 'explainTerm', true), explainReason: field(body, 'explainReason', true) },
            refusal: {
              ...refused,
              fields: refused.fields.map((f) => ({
                ...f,
                field: f.field.replace(/^explanations\.0\.(term|reason)$/, (_, p: string) => (p === 'term' ? 'explainTerm' : 'explainReason')),
              })),
            },
            ...SUBMIT_FORM,
          },
          refused.status,
        ),
    );
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
    const body = formBody(req.body);
    await act(
      this.pages,
      reply,
      `/knowledge/${id}`,
      'knowledge.unpublished',
      async () => {
        await this.knowledge.unpublish(req.viewer!, id, await validated(UnpublishEntryDto, { reason: field(body, 'reason') }));
      },
      (refused) => this.renderEntry(req, reply, id, { values: { reason: field(body, 'reason', true) }, refusal: refused, ...UNPUBLISH_FORM }, refused.status),
    );
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

  /** Each language's question and answer fields, named as the form posts them, with their values. */
  private textFields(values: Record<string, unknown>) {
    return this.languages(undefined).map((l) => ({
      ...l,
      qField: `question_${l.code}`,
      aField: `answer_${l.code}`,
      question: values[`question_${l.code}`] ?? '',
      answer: values[`answer_${l.code}`] ?? '',
    }));
  }
}
