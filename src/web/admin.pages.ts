import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { PageQuery } from '../common/pagination.js';
import { Roles, WebPage } from '../common/decorators.js';
import { CreateOrganizationDto } from '../identity/dto/organization.dto.js';
import { CreateUserDto, ListUsersQuery, UpdateUserDto } from '../identity/dto/user.dto.js';
import { ORGANIZATION_KINDS } from '../identity/organization.entity.js';
import { OrganizationsService } from '../identity/organizations.service.js';
import { ROLES, type Role } from '../common/role.js';
import { UsersService } from '../identity/users.service.js';
import { CreateTopicDto, UpdateTopicDto } from '../topics/topic.dto.js';
import { TopicsService } from '../topics/topics.service.js';
import { act, field, formBody, list, validated } from './forms.js';
import type { FormState } from './form-view.js';
import { LANGUAGE_NAMES, WEB_LANGUAGES } from './i18n.js';
import { pathId } from './path-id.js';
import { WebErrorFilter } from './web-error.filter.js';
import { WebPages, type PageRequest } from './web-page.js';

const INVITE_IDS = { name: 'inv-name', email: 'inv-email', role: 'inv-role', organizationId: 'inv-org', languages: 'inv-languages' };
const INVITE_LABELS = { name: 'account.name', email: 'account.email', role: 'account.role', organizationId: 'users.organization', languages: 'users.languages' };
const INVITE_FIELDS: FormState['fieldOf'] = { 'user.email-taken': 'email', 'user.organization-required': 'organizationId', 'user.organization-unknown': 'organizationId' };

const ORG_IDS = { name: 'org-name', country: 'org-country', kind: 'org-kind' };
const ORG_LABELS = { name: 'orgs.name', country: 'orgs.country', kind: 'orgs.kind' };
const TOPIC_IDS = { slug: 'topic-slug', group: 'topic-group', label: 'topic-label', covers: 'topic-covers' };
const TOPIC_LABELS = { slug: 'topics.slug', group: 'topics.group', label: 'topics.label', covers: 'topics.covers' };
const TOPIC_FIELDS: FormState['fieldOf'] = { 'topic.exists': 'slug', 'topic.slug-invalid': 'slug' };
const renameForm = (slug: string) => `rename-${slug}`;

/** The secretariat's administration: accounts, organisations, topics. */
@Controller('admin')
@WebPage()
@Roles('secretariat')
@UseFilters(WebErrorFilter)
export class AdminPages {
  constructor(
    private readonly pages: WebPages,
    private readonly users: UsersService,
    private readonly organizations: OrganizationsService,
    private readonly topics: TopicsService,
  ) {}

  @Get('users')
  async usersPage(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.renderUsers(req, reply);
  }

  private async renderUsers(req: PageRequest, reply: FastifyReply, form?: FormState, status = 200): Promise<void> {
    const viewer = req.viewer!;
    const query = req.query as Record<string, string | undefined>;
    const role = ROLES.includes(query.role as Role) ? (query.role as Role) : undefined;
    const [page, orgs] = await Promise.all([
      this.users.list(viewer, await validated(ListUsersQuery, { role, cursor: query.cursor, limit: 50 })),
      this.organizations.list(viewer, { limit: 100 }),
    ]);
    const orgNames = new Map(orgs.items.map((o) => [o.id, o.name]));
    await this.pages.render(
      req,
      reply,
      'admin-users',
      {
        title: 'users.title',
        role,
        roles: ROLES,
        items: page.items.map((u) => ({ ...u, organization: u.organizationId ? (orgNames.get(u.organizationId) ?? '') : '', self: u.id === viewer.userId })),
        total: page.total,
        organizations: orgs.items,
        languageChoices: WEB_LANGUAGES.map((code) => ({ code, name: LANGUAGE_NAMES[code] })),
        next: page.nextCursor ? `/admin/users?${new URLSearchParams({ ...(role ? { role } : {}), cursor: page.nextCursor })}` : null,
        form,
      },
      status,
    );
  }

  @Post('users')
  async invite(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = formBody(req.body);
    const languages = list(body, 'languages');
    const values = { email: field(body, 'email')?.trim(), name: field(body, 'name')?.trim(), role: field(body, 'role'), organizationId: field(body, 'organizationId'), languages };
    await act(
      this.pages,
      reply,
      '/admin/users',
      'users.invited',
      async () => {
        const dto = await validated(CreateUserDto, { ...values, languages: languages.length ? languages : undefined });
        await this.users.invite(req.viewer!, dto);
      },
      (refused) => this.renderUsers(req, reply, { values, refusal: refused, ids: INVITE_IDS, labels: INVITE_LABELS, fieldOf: INVITE_FIELDS }, refused.status),
    );
  }

  @Post('users/:id/active')
  async setActive(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const id = pathId(rawId);
    const body = formBody(req.body);
    const active = field(body, 'active') === 'true';
    // Deactivating ends every session at once: a second step, on a page of its own, without JavaScript.
    if (!active && field(body, 'confirmed') !== 'yes') return this.confirm(req, reply, id, 'deactivate', `/admin/users/${id}/active`, { active: 'false' });
    await act(this.pages, reply, '/admin/users', active ? 'users.reactivated' : 'users.deactivated', async () => {
      await this.users.update(req.viewer!, id, await validated(UpdateUserDto, { active }));
    });
  }

  @Post('users/:id/invitation')
  async reinvite(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const id = pathId(rawId);
    await act(this.pages, reply, '/admin/users', 'users.reinvited', () => this.users.reinvite(req.viewer!, id));
  }

  /** Account recovery: the person lost the second factor; it is removed, every session ended, the person mailed. */
  @Post('users/:id/totp/reset')
  async resetSecondFactor(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const id = pathId(rawId);
    if (field(formBody(req.body), 'confirmed') !== 'yes') return this.confirm(req, reply, id, 'resetMfa', `/admin/users/${id}/totp/reset`, {});
    await act(this.pages, reply, '/admin/users', 'users.mfaReset', () => this.users.resetSecondFactor(req.viewer!, id));
  }

  /** The second step of an action that cannot be undone by one click: what it does, to whom, and two buttons. */
  private async confirm(req: PageRequest, reply: FastifyReply, id: string, action: 'deactivate' | 'resetMfa', to: string, hidden: Record<string, string>): Promise<void> {
    const user = await this.users.get(req.viewer!, id);
    await this.pages.render(req, reply, 'admin-confirm', {
      title: 'confirm.title',
      text: `confirm.${action}`,
      button: `confirm.${action}Button`,
      name: user.name,
      email: user.email,
      action: to,
      hidden: Object.entries(hidden).map(([name, value]) => ({ name, value })),
      back: '/admin/users',
    });
  }

  @Get('organizations')
  async organizationsPage(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.renderOrganizations(req, reply);
  }

  private async renderOrganizations(req: PageRequest, reply: FastifyReply, form?: FormState, status = 200): Promise<void> {
    const cursor = (req.query as Record<string, string | undefined>).cursor;
    const page = await this.organizations.list(req.viewer!, await validated(PageQuery, { cursor, limit: 50 }));
    await this.pages.render(
      req,
      reply,
      'admin-organizations',
      {
        title: 'orgs.title',
        items: page.items,
        total: page.total,
        kinds: ORGANIZATION_KINDS,
        countries: this.pages.i18n.countryOptions(this.pages.language(req, reply), await this.organizations.offersFictionalStates()),
        next: page.nextCursor ? `/admin/organizations?cursor=${page.nextCursor}` : null,
        form,
      },
      status,
    );
  }

  @Post('organizations')
  async createOrganization(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = formBody(req.body);
    const values = { name: field(body, 'name')?.trim(), country: field(body, 'country'), kind: field(body, 'kind') };
    await act(
      this.pages,
      reply,
      '/admin/organizations',
      'orgs.created',
      async () => {
        await this.organizations.create(req.viewer!, await validated(CreateOrganizationDto, values));
      },
      (refused) => this.renderOrganizations(req, reply, { values, refusal: refused, ids: ORG_IDS, labels: ORG_LABELS }, refused.status),
    );
  }

  @Get('topics')
  async topicsPage(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.renderTopics(req, reply);
  }

  private async renderTopics(req: PageRequest, reply: FastifyReply, form?: FormState, status = 200): Promise<void> {
    const topics = await this.topics.list(req.viewer!, true);
    await this.pages.render(
      req,
      reply,
      'admin-topics',
      {
        title: 'topics.title',
        // Each row's rename form has a name of its own: a refused rename shows its error in its row only.
        topics: topics.map((t) => ({ ...t, formName: renameForm(t.slug) })),
        topicLabels: Object.fromEntries(topics.map((t) => [t.slug, t.label])),
        form,
      },
      status,
    );
  }

  @Post('topics')
  async addTopic(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = formBody(req.body);
    const values = { slug: field(body, 'slug')?.trim(), group: field(body, 'group')?.trim(), label: field(body, 'label')?.trim(), covers: field(body, 'covers') };
    await act(
      this.pages,
      reply,
      '/admin/topics',
      'topics.added',
      async () => {
        await this.topics.add(req.viewer!, await validated(CreateTopicDto, values));
      },
      (refused) => this.renderTopics(req, reply, { name: 'new-topic', values, refusal: refused, ids: TOPIC_IDS, labels: TOPIC_LABELS, fieldOf: TOPIC_FIELDS }, refused.status),
    );
  }

  @Post('topics/:slug')
  async updateTopic(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('slug') slug: string): Promise<void> {
    const body = formBody(req.body);
    const label = field(body, 'label')?.trim();
    const retired = field(body, 'retired');
    await act(
      this.pages,
      reply,
      '/admin/topics',
      'topics.updated',
      async () => {
        const dto = await validated(UpdateTopicDto, { label, retired: retired === undefined ? undefined : retired === 'true' });
        await this.topics.update(req.viewer!, slug, dto);
      },
      // A refused rename shows its row's form again, open, with what was typed; retiring and restoring have no field.
      retired === undefined
        ? (refused) =>
            this.renderTopics(
              req,
              reply,
              { name: renameForm(slug), values: { label }, refusal: refused, ids: { label: `rename-${slug}` }, labels: { label: 'topics.englishLabel' } },
              refused.status,
            )
        : undefined,
    );
  }
}
