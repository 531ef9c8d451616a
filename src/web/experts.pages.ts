import { Controller, Get, HttpException, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Viewer } from '../common/viewer.js';
import type { AssignmentStatus } from '../common/assignment-status.js';
import { AssignmentsService } from '../experts/assignments.service.js';
import { AcceptAssignmentDto, DeclineAssignmentDto } from '../experts/dto/assignment.dto.js';
import { ExpertProfileDto } from '../experts/dto/profile.dto.js';
import { ExpertsService } from '../experts/experts.service.js';
import { REGIONS, regionsOf, type Region } from '../experts/regions.js';
import { OrganizationsService } from '../identity/organizations.service.js';
import { Roles, WebPage } from '../common/decorators.js';
import { ListUsersQuery } from '../identity/dto/user.dto.js';
import { UsersService } from '../identity/users.service.js';
import { InquiriesService } from '../inquiries/inquiries.service.js';
import { INQUIRY_LANGUAGES } from '../common/workflow.js';
import { TopicsService } from '../topics/topics.service.js';
import { act, checked, field, formBody, list, validated } from './forms.js';
import type { FormState } from './form-view.js';
import { LANGUAGE_NAMES } from './i18n.js';
import { acceptForm, declineForm, InquiryPage } from './inquiries/inquiry-page.js';
import { pathId } from './path-id.js';
import { WebErrorFilter } from './web-error.filter.js';
import { WebPages, type PageRequest } from './web-page.js';

const GROUPS: Array<{ id: string; statuses: AssignmentStatus[] }> = [
  { id: 'proposed', statuses: ['proposed'] },
  { id: 'active', statuses: ['accepted'] },
  { id: 'done', statuses: ['completed'] },
];

/** The expert's assignments and profile; the secretariat's list of experts and their profiles. */
@Controller()
@WebPage()
@UseFilters(WebErrorFilter)
export class ExpertsPages {
  constructor(
    private readonly pages: WebPages,
    private readonly page: InquiryPage,
    private readonly assignments: AssignmentsService,
    private readonly experts: ExpertsService,
    private readonly inquiries: InquiriesService,
    private readonly topics: TopicsService,
    private readonly users: UsersService,
    private readonly organizations: OrganizationsService,
  ) {}

  @Get('assignments')
  @Roles('expert')
  async mine(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const viewer = req.viewer!;
    const [inquiries, topicLabels, ...pages] = await Promise.all([
      this.inquiries.list(viewer, { assignedTo: 'me', limit: 100 }),
      this.pages.topicLabels(viewer),
      ...GROUPS.map((g) => this.assignments.list(viewer, { status: g.statuses[0], limit: 100 })),
    ]);
    const byId = new Map(inquiries.items.map((i) => [i.id, i]));
    const groups = GROUPS.map((g, n) => ({
      id: g.id,
      items: pages[n].items.map((a) => ({ ...a, inquiry: byId.get(a.inquiryId) ?? null })),
    }));
    await this.pages.render(req, reply, 'assignments', { title: 'assignments.title', groups, topicLabels });
  }

  @Post('assignments/:id/accept')
  @Roles('expert')
  async accept(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const id = pathId(rawId);
    const body = formBody(req.body);
    await act(
      this.pages,
      reply,
      '/assignments',
      'assignment.accepted',
      async () => {
        await validated(AcceptAssignmentDto, { noConflict: field(body, 'noConflict') === 'true' ? true : undefined });
        const a = await this.assignments.accept(req.viewer!, id);
        return `/inquiries/${a.inquiryId}`;
      },
      (refused) => this.answerAgain(req, reply, id, acceptForm(refused)),
    );
  }

  @Post('assignments/:id/decline')
  @Roles('expert')
  async decline(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const id = pathId(rawId);
    const body = formBody(req.body);
    await act(
      this.pages,
      reply,
      '/assignments',
      'assignment.declined',
      async () => {
        await this.assignments.decline(req.viewer!, id, await validated(DeclineAssignmentDto, { reason: field(body, 'reason') }));
        return '/assignments';
      },
      (refused) => this.answerAgain(req, reply, id, declineForm(field(body, 'reason', true), refused)),
    );
  }

  /**
   * A refused answer to a proposal: the page the expert answered on (the query's, as the expert
   * may see it) again, with the reason as typed and the refusal beside its field.
   */
  private async answerAgain(req: PageRequest, reply: FastifyReply, assignmentId: string, form: FormState): Promise<void> {
    const refused = form.refusal;
    try {
      const inquiryId = await this.assignments.inquiryOf(req.viewer!, assignmentId);
      await this.page.render(req, reply, inquiryId, form, refused?.status ?? 400);
    } catch (err) {
      // The query is no longer the expert's to see (the proposal withdrawn, say, when it was
      // closed): back to the expert's own assignments with the refusal, which says nothing of it.
      if (!refused || !(err instanceof HttpException) || ![403, 404].includes(err.getStatus())) throw err;
      this.pages.redirect(reply, '/assignments', { kind: 'error', key: `error.${refused.status}`, code: refused.code, params: refused.params });
    }
  }

  @Post('assignments/:id/complete')
  @Roles('expert')
  async complete(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const id = pathId(rawId);
    await act(this.pages, reply, '/assignments', 'assignment.completed', async () => {
      await this.assignments.complete(req.viewer!, id);
      return '/assignments';
    });
  }

  @Get('profile')
  @Roles('expert')
  async ownProfile(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.renderProfile(req, reply, req.viewer!.userId, '/profile');
  }

  @Post('profile')
  @Roles('expert')
  async saveOwnProfile(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.saveProfile(req, reply, req.viewer!.userId, '/profile');
  }

  @Get('admin/experts')
  @Roles('secretariat')
  async list(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const cursor = (req.query as Record<string, string | undefined>).cursor;
    const page = await this.users.list(req.viewer!, await validated(ListUsersQuery, { role: 'expert', cursor, limit: 50 }));
    await this.pages.render(req, reply, 'admin-experts', {
      title: 'experts.title',
      items: page.items,
      total: page.total,
      next: page.nextCursor ? `/admin/experts?cursor=${page.nextCursor}` : null,
    });
  }

  @Get('admin/experts/:id')
  @Roles('secretariat')
  async profile(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const id = pathId(rawId);
    await this.renderProfile(req, reply, id, `/admin/experts/${id}`);
  }

  @Post('admin/experts/:id')
  @Roles('secretariat')
  async save(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const id = pathId(rawId);
    await this.saveProfile(req, reply, id, `/admin/experts/${id}`);
  }

  /** The profile form; after a refusal (`form`), with what was ticked and typed instead of what is saved. */
  private async renderProfile(req: PageRequest, reply: FastifyReply, userId: string, action: string, form?: FormState, status = 200): Promise<void> {
    const viewer: Viewer = req.viewer!;
    const [saved, expert, topics] = await Promise.all([this.experts.profile(viewer, userId), this.users.get(viewer, userId), this.topics.list(viewer, true)]);
    const profile = form ? { ...saved, ...(form.values as Partial<ExpertProfileDto>) } : saved;
    const lang = this.pages.language(req, reply);
    await this.pages.render(
      req,
      reply,
      'expert-profile',
      {
        title: 'profile.title',
        action,
        expert,
        profile,
        topicLabels: Object.fromEntries(topics.map((t) => [t.slug, t.label])),
        topicChoices: topics
          .filter((t) => !t.retired || profile.topics.includes(t.slug) || saved.topics.includes(t.slug))
          .map((t) => ({ slug: t.slug, checked: profile.topics.includes(t.slug) })),
        languageChoices: INQUIRY_LANGUAGES.map((code) => ({ code, name: LANGUAGE_NAMES[code], checked: profile.languages.includes(code) })),
        regionChoices: REGIONS.map((r) => ({ id: r, checked: profile.regions.includes(r) })),
        countryGroups: countryGroups(this.pages.i18n.countryOptions(lang, await this.organizations.offersFictionalStates()), profile.conflictCountries, lang),
        conflictCount: profile.conflictCountries.length,
        form,
      },
      status,
    );
  }

  private async saveProfile(req: PageRequest, reply: FastifyReply, userId: string, back: string): Promise<void> {
    const body = formBody(req.body);
    const chosen = { topics: list(body, 'topics'), languages: list(body, 'languages'), regions: list(body, 'regions'), conflictCountries: list(body, 'conflictCountries') };
    const maxActive = field(body, 'maxActive');
    const available = checked(body, 'available');
    await act(
      this.pages,
      reply,
      back,
      'profile.saved',
      async () => {
        const dto = await validated(ExpertProfileDto, { ...chosen, maxActive: Number(maxActive ?? 'x'), available });
        await this.experts.saveProfile(req.viewer!, userId, dto);
      },
      // The form again with every choice kept and the number as typed.
      (refused) =>
        this.renderProfile(
          req,
          reply,
          userId,
          back,
          { values: { ...chosen, maxActive: maxActive ?? '', available }, refusal: refused, ids: PROFILE_IDS, labels: PROFILE_LABELS },
          refused.status,
        ),
    );
  }
}

const PROFILE_IDS = { topics: 'profile-topics', languages: 'profile-languages', regions: 'profile-regions', conflictCountries: 'conflictCountries', maxActive: 'maxActive' };
const PROFILE_LABELS = {
  topics: 'profile.topics',
  languages: 'profile.languages',
  regions: 'profile.regions',
  conflictCountries: 'profile.conflicts',
  maxActive: 'profile.maxActive',
  available: 'profile.available',
};

const REGION_GROUPS: Array<Region | 'other'> = ['africa', 'americas', 'asia-pacific', 'europe', 'mena', 'other'];

/**
 * The States of the conflict-of-interest choice as checkboxes grouped by region (the first of the
 * broad regions a State is in), each with the lower-cased name the filter of the page matches:
 * a searchable multi-choice that needs no JavaScript (without it the whole list shows).
 */
function countryGroups(options: ReadonlyArray<{ code: string; name: string }>, chosen: string[], lang: string) {
  const groups = new Map(REGION_GROUPS.map((g) => [g, [] as Array<{ code: string; name: string; key: string; checked: boolean }>]));
  for (const c of options) {
    const region = regionsOf(c.code).find((r) => REGION_GROUPS.includes(r)) ?? 'other';
    groups.get(region)!.push({ ...c, key: c.name.toLocaleLowerCase(lang), checked: chosen.includes(c.code) });
  }
  return REGION_GROUPS.map((id) => ({ id, countries: groups.get(id)! })).filter((g) => g.countries.length > 0);
}
