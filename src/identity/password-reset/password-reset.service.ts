import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '../../audit/audit-trail.js';
import { Clock } from '../../common/clock.js';
import { refuse } from '../../common/errors/refusal.js';
import { newId } from '../../common/ids.js';
import { ServiceKeys } from '../../crypto/service-keys.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { Outbox } from '../../events/outbox.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { InvitationRepository } from '../invitation.repository.js';
import { PasswordHasher, passwordProblem } from '../passwords.js';
import { SessionsService } from '../sessions.service.js';
import { hashToken, newSecretToken } from '../tokens.js';
import { UserRepository } from '../user.repository.js';
import { PasswordResetRepository } from './password-reset.repository.js';
import { PasswordResetThrottle } from './password-reset.throttle.js';

/** How long a reset link works. */
export const RESET_TTL_MS = 60 * 60_000;

/** The sealing context of a reset link in its outbox event: the link is a secret until it is mailed. */
export const resetLinkContext = (userId: string) => `password-reset-link:${userId}`;

const INVALID = 'reset link is not valid: it may have been used, replaced by a newer one, or have expired';

/**
 * "Forgot your password?": a one-time link by mail, like an invitation's. The request answers the
 * same whether an account has the address or not (and does the same work: a lookup and one
 * transaction with an audit entry), so it cannot tell who has an account. Only an active account
 * is mailed. The link works once, for an hour, and stops working when a newer one is asked for,
 * when the account signs in, or when its password is set another way. Setting the new password
 * ends every session of the account and signs nobody in: the next sign-in still takes the second
 * factor (or a recovery code).
 */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly resets: PasswordResetRepository,
    private readonly invitations: InvitationRepository,
    private readonly users: UserRepository,
    private readonly sessions: SessionsService,
    private readonly passwords: PasswordHasher,
    private readonly throttle: PasswordResetThrottle,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    private readonly keys: ServiceKeys,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `language`: the language the mail is written in (the page's); the account's own by default. */
  async request(email: string, clientIp: string, language?: string): Promise<void> {
    await this.throttle.hit(email, clientIp);
    const user = await this.users.findByEmail(email);
    const { token, hash } = newSecretToken();
    const now = this.clock.now();
    await this.tx.run(async (em) => {
      if (!user?.active) {
        // Nothing is sent; the attempt is on record without the address (it may be a stranger's typo).
        await this.audit.record(em, { actorId: null, action: 'user.password-reset-requested', details: { userId: user?.id ?? null, sent: false } });
        return;
      }
      await this.resets.retireOpenFor(user.id, now.toISOString(), em);
      await this.resets.insert(
        { id: newId(), tokenHash: hash, userId: user.id, createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + RESET_TTL_MS).toISOString(), usedAt: null },
        em,
      );
      await this.audit.record(em, { actorId: null, action: 'user.password-reset-requested', details: { userId: user.id, sent: true } });
      const link = `${this.config.publicUrl}/password-reset/${token}`;
      await this.outbox.enqueue(em, {
        kind: 'user.password-reset-requested',
        actorId: null,
        payload: { userId: user.id, linkSealed: this.keys.sealSecret(link, resetLinkContext(user.id)), ...(language ? { language } : {}) },
      });
    });
  }

  async confirm(token: string, password: string): Promise<void> {
    const now = this.clock.iso();
    const reset = await this.resets.findByTokenHash(hashToken(token));
    const user = reset && !reset.usedAt && reset.expiresAt > now ? await this.users.findById(reset.userId) : null;
    if (!reset || !user?.active) throw refuse('auth.reset-link-invalid', INVALID);
    // The password rules' own refusal (password.too-short...), its code and values for the page.
    const problem = passwordProblem(password, user);
    if (problem) throw problem;
    const passwordHash = await this.passwords.hash(password);
    await this.tx.run(async (em) => {
      if (!(await this.resets.markUsed(reset.id, now, em))) throw refuse('auth.reset-link-invalid', INVALID);
      await this.users.update(user.id, { passwordHash, updatedAt: now }, em);
      await this.sessions.endAllFor(user.id, em);
      // Every other link that sets this password is worthless now.
      await this.resets.retireOpenFor(user.id, now, em);
      await this.invitations.retireOpenFor(user.id, now, em);
      await this.audit.record(em, { actorId: user.id, action: 'user.password-reset', details: { userId: user.id } });
      await this.outbox.enqueue(em, { kind: 'user.password-changed', actorId: null, payload: { userId: user.id } });
    });
  }
}
