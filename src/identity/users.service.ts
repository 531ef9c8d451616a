import { Injectable } from '@nestjs/common';
import { AccessPolicy } from '../access/access-policy.js';
import { enforce } from '../access/decision.js';
import { AuditTrail } from '../audit/audit-trail.js';
import { Clock } from '../common/clock.js';
import { newId } from '../common/ids.js';
import type { Page } from '../common/page.js';
import type { Viewer } from '../common/viewer.js';
import { isUniqueViolation } from '../database/errors.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { Outbox } from '../events/outbox.js';
import type { CreateUserDto, ListUsersQuery, UpdateUserDto } from './dto/user.dto.js';
import { InvitationsService } from './invitations.service.js';
import { OrganizationRepository } from './organization.repository.js';
import { PasswordHasher, passwordProblem } from './passwords.js';
import { RecoveryCodesService } from './recovery-codes/recovery-codes.service.js';
import type { Role } from '../common/role.js';
import { SessionsService } from './sessions.service.js';
import type { User } from './user.entity.js';
import { UserRepository } from './user.repository.js';
import { toUserView, type UserView } from './user.view.js';
import { refuse } from '../common/errors/refusal.js';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UserRepository,
    private readonly organizations: OrganizationRepository,
    private readonly invitations: InvitationsService,
    private readonly sessions: SessionsService,
    private readonly passwords: PasswordHasher,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly policy: AccessPolicy,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
    private readonly recovery: RecoveryCodesService,
  ) {}

  async me(viewer: Viewer): Promise<UserView> {
    const user = await this.users.findShown(viewer.userId);
    if (!user) throw refuse('user.not-found', 'user not found');
    return toUserView(user);
  }

  /** Creates the account without a password; a one-time link to choose one goes out through the outbox. */
  async invite(viewer: Viewer, dto: CreateUserDto): Promise<UserView> {
    if (dto.role === 'requester' && !dto.organizationId) throw refuse('user.organization-required', 'organizationId is required for a requester');
    const user = await this.insertUser(dto, null, async (em, user) => {
      await this.invitations.issue(user.id, viewer.userId, em);
      return user;
    });
    return toUserView(user);
  }

  async reinvite(viewer: Viewer, id: string): Promise<void> {
    const user = await this.require(id);
    if (!user.active) throw refuse('user.inactive', 'the account is inactive');
    await this.tx.run((em) => this.invitations.issue(user.id, viewer.userId, em));
  }

  /** A secretariat account with a password set directly: the bootstrap variables and `cli create-admin`. */
  async createAdmin(email: string, name: string, password: string): Promise<UserView> {
    const problem = passwordProblem(password, { email, name });
    if (problem) throw problem;
    const hash = await this.passwords.hash(password);
    // The first account is the head of the secretariat: someone has to be able to export reports.
    const user = await this.insertUser({ email, name, role: 'secretariat', headOfSecretariat: true }, hash, async (_em, user) => user);
    return toUserView(user);
  }

  /** The requester an inquiry is filed for, with the organisation and State it speaks for; null unless active. */
  async activeRequester(id: string): Promise<{ id: string; organizationId: string; country: string } | null> {
    return this.users.activeRequesterWithCountry(id);
  }

  /** Whether a user is an active requester of the given organisation (for sharing an inquiry). */
  /** Whether the account is flagged as the head of the secretariat (who exports reports). */
  async isHeadOfSecretariat(id: string): Promise<boolean> {
    const user = await this.users.findById(id);
    return Boolean(user?.active && user.headOfSecretariat);
  }

  async isActiveRequesterOf(id: string, organizationId: string): Promise<boolean> {
    const user = await this.users.findById(id);
    return Boolean(user?.active && user.role === 'requester' && user.organizationId === organizationId);
  }

  /** The expert's display name when the id names an active expert, else null. */
  async activeExpertName(id: string): Promise<string | null> {
    const user = await this.users.findById(id);
    return user?.active && user.role === 'expert' ? user.name : null;
  }

  /** Active users of a role, with what a notification needs to reach them. */
  activeByRole(role: Role): Promise<User[]> {
    return this.users.activeByRole(role);
  }

  /** Users by id (inactive ones included), for the dispatcher: whom to mail, in which language. */
  byIds(ids: string[]): Promise<User[]> {
    return this.users.findByIds(ids);
  }

  /**
   * The display names of some users for a page, read in one query (an unknown id is left out).
   * Whether the viewer may see names at all is the caller's question to the access policy.
   */
  async names(_viewer: Viewer, ids: Iterable<string>): Promise<Map<string, string>> {
    const distinct = [...new Set(ids)];
    return new Map((await this.users.namesByIds(distinct)).map((u) => [u.id, u.name]));
  }

  countAll(): Promise<number> {
    return this.users.count();
  }

  async list(_viewer: Viewer, query: ListUsersQuery): Promise<Page<UserView>> {
    const page = await this.users.list({ role: query.role, organizationId: query.organizationId }, query);
    return { ...page, items: page.items.map(toUserView) };
  }

  async get(_viewer: Viewer, id: string): Promise<UserView> {
    return toUserView(await this.require(id));
  }

  async update(viewer: Viewer, id: string, dto: UpdateUserDto): Promise<UserView> {
    if (id === viewer.userId && dto.active === false) throw refuse('user.deactivate-self', 'you cannot deactivate your own account');
    return this.tx.run(async (em) => {
      const user = await this.users.findById(id, em);
      if (!user) throw refuse('user.not-found', 'user not found');
      const patch: Partial<User> = { updatedAt: this.clock.iso() };
      if (dto.name !== undefined) patch.name = dto.name;
      if (dto.languages !== undefined) patch.languages = dto.languages;
      if (dto.active !== undefined) patch.active = dto.active;
      if (dto.headOfSecretariat !== undefined) {
        if (user.role !== 'secretariat') throw refuse('user.head-must-be-secretariat', 'only a secretariat account can be the head of the secretariat');
        if (id === viewer.userId && !dto.headOfSecretariat) throw refuse('user.head-removed-by-another', 'another head of the secretariat removes the flag from you');
        patch.headOfSecretariat = dto.headOfSecretariat;
      }
      await this.users.update(id, patch, em);
      if (dto.headOfSecretariat !== undefined) {
        await this.audit.record(em, { actorId: viewer.userId, action: 'user.head-of-secretariat-set', details: { userId: id, headOfSecretariat: dto.headOfSecretariat } });
      }
      // Deactivation ends every session at once, not at the next expiry.
      if (dto.active === false) await this.sessions.endAllFor(id, em);
      return toUserView({ ...user, ...patch });
    });
  }

  /**
   * Account recovery for a person who lost the second factor: the secretariat removes it
   * explicitly. Every session of the account ends; the person is mailed (that it happened,
   * nothing more) so that a reset nobody asked for is noticed; the reset is on record. The person
   * then signs in (or accepts a new invitation) and enrols a new second factor.
   */
  resetSecondFactor(viewer: Viewer, id: string): Promise<void> {
    enforce(this.policy.resetSecondFactor(viewer, id));
    return this.tx.run(async (em) => {
      const user = await this.users.findById(id, em);
      if (!user) throw refuse('user.not-found', 'user not found');
      if (!user.mfaEnabled) throw refuse('user.no-second-factor', 'the account has no second factor to reset');
      await this.users.update(id, { mfaEnabled: false, totpSecret: null, totpPendingSecret: null, updatedAt: this.clock.iso() }, em);
      await this.sessions.endAllFor(id, em);
      await this.recovery.removeAllFor(id, em);
      await this.audit.record(em, { actorId: viewer.userId, action: 'user.second-factor-reset', details: { userId: id } });
      await this.outbox.enqueue(em, { kind: 'user.second-factor-reset', actorId: viewer.userId, payload: { userId: id } });
    });
  }

  private async insertUser<T>(
    dto: { email: string; name: string; role: Role; organizationId?: string; languages?: string[]; headOfSecretariat?: boolean },
    passwordHash: string | null,
    then: (em: Parameters<Parameters<TransactionRunner['run']>[0]>[0], user: User) => Promise<T>,
  ): Promise<T> {
    try {
      return await this.tx.run(async (em) => {
        if (dto.organizationId && !(await this.organizations.findById(dto.organizationId, em))) {
          throw refuse('user.organization-unknown', 'organizationId does not name an organisation');
        }
        const now = this.clock.iso();
        const user: User = {
          id: newId(),
          email: dto.email.toLowerCase(),
          name: dto.name,
          role: dto.role,
          organizationId: dto.organizationId ?? null,
          languages: dto.languages ?? ['en'],
          passwordHash,
          active: true,
          mfaEnabled: false,
          headOfSecretariat: dto.headOfSecretariat ?? false,
          totpSecret: null,
          totpPendingSecret: null,
          totpLastStep: null,
          createdAt: now,
          updatedAt: now,
        };
        await this.users.insert(user, em);
        return then(em, user);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw refuse('user.email-taken', 'a user with this email already exists');
      throw err;
    }
  }

  private async require(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw refuse('user.not-found', 'user not found');
    return user;
  }
}
