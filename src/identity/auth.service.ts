import { Inject, Injectable } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Clock } from '../common/clock.js';
import { SignInThrottle } from '../rate-limit/sign-in-throttle.js';
import type { Viewer } from '../common/viewer.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { InvitationRepository } from './invitation.repository.js';
import { PasswordResetRepository } from './password-reset/password-reset.repository.js';
import { PasswordHasher, passwordProblem } from './passwords.js';
import { RecoveryCodesService } from './recovery-codes/recovery-codes.service.js';
import type { SessionChannel } from './session.entity.js';
import { SessionsService } from './sessions.service.js';
import { hashToken } from './tokens.js';
import { TotpService } from './totp.service.js';
import type { User } from './user.entity.js';
import { UserRepository } from './user.repository.js';
import { toUserView, UserView } from './user.view.js';
import { refuse } from '../common/errors/refusal.js';

export class SignedIn {
  @ApiProperty({ description: 'The bearer token for the Authorization header' }) token: string;
  @ApiProperty({ type: () => UserView }) user: UserView;
  @ApiPropertyOptional({
    enum: [true],
    description: 'Present when the account must enrol a second factor first: the token then works only on /api/v1/me and the TOTP endpoints',
  })
  mfaEnrollmentRequired?: true;
}

const SECOND_FACTOR_NEEDED = 'this account has a second factor: give totp, a current code of the authenticator (or ask the secretariat to reset it)';

/** One message for every failed sign-in: it must not tell which part was wrong. */
export const BAD_CREDENTIALS = 'Invalid email, password or code';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UserRepository,
    private readonly invitations: InvitationRepository,
    private readonly sessions: SessionsService,
    private readonly passwords: PasswordHasher,
    private readonly totp: TotpService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly throttle: SignInThrottle,
    private readonly recovery: RecoveryCodesService,
    private readonly resets: PasswordResetRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * `code` is a current code of the authenticator; `recoveryCode`, one of the account's recovery
   * codes in its place (spent, audited). A successful sign-in retires the account's open reset links:
   * whoever signs in with the password no longer needs one, and it should not linger in a mailbox.
   */
  async login(email: string, password: string, code: string | undefined, channel: SessionChannel = 'api', recoveryCode?: string): Promise<SignedIn> {
    // Counted before the password is checked (and given back on success): see SignInThrottle.
    await this.throttle.attempt(email);
    const user = await this.users.findByEmail(email);
    const passwordOk = user?.passwordHash && user.active ? await this.passwords.verify(user.passwordHash, password) : await this.passwords.verifyNothing(password);
    // argon2 runs before the transaction, which on SQLite holds the one connection.
    const recovery = user && passwordOk && user.mfaEnabled && recoveryCode ? await this.recovery.match(user.id, recoveryCode) : null;
    const signedIn =
      user && passwordOk
        ? await this.tx.run(async (em) => {
            if (user.mfaEnabled && !(recovery ? await this.recovery.spend(user.id, recovery, em) : await this.totp.spend(user, code, em))) return null;
            await this.resets.retireOpenFor(user.id, this.clock.iso(), em);
            return this.signIn(user, channel, em);
          })
        : null;
    if (!signedIn) throw refuse('auth.invalid-credentials', BAD_CREDENTIALS);
    await this.throttle.succeeded(email);
    return signedIn;
  }

  logout(viewer: Viewer): Promise<void> {
    return this.sessions.end(viewer.sessionId);
  }

  /**
   * Sets the password of an invited account and signs it in. An account that already has a second
   * factor (a re-invitation, to recover a forgotten password) must give a current code too: the
   * link alone, in a mailbox or wherever it leaked, is not enough to take the account over. A
   * person who lost the second factor as well asks the secretariat to reset it first.
   */
  async acceptInvitation(token: string, password: string, code?: string, channel: SessionChannel = 'api'): Promise<SignedIn> {
    const now = this.clock.iso();
    const found = await this.tx.run(async (em) => {
      const invitation = await this.invitations.findByTokenHash(hashToken(token), em);
      if (!invitation || invitation.usedAt || invitation.expiresAt <= now) return null;
      const user = await this.users.findById(invitation.userId, em);
      return user?.active ? { invitation, user } : null;
    });
    if (!found) throw refuse('auth.invitation-invalid', 'invitation is not valid: it may have been used or have expired');
    const problem = passwordProblem(password, found.user);
    if (problem) throw problem;
    if (found.user.mfaEnabled) {
      if (!code) throw refuse('auth.second-factor-needed', SECOND_FACTOR_NEEDED);
      // Codes are guessed one by one: counted against the account like sign-in attempts.
      await this.throttle.attempt(found.user.email);
    }
    const hash = await this.passwords.hash(password);
    const signedIn = await this.tx.run(async (em) => {
      if (found.user.mfaEnabled && !(await this.totp.spend(found.user, code, em))) return null;
      if (!(await this.invitations.markUsed(found.invitation.id, now, em))) {
        throw refuse('auth.invitation-invalid', 'invitation is not valid: it may have been used or have expired');
      }
      await this.users.update(found.user.id, { passwordHash: hash, updatedAt: now }, em);
      await this.sessions.endAllFor(found.user.id, em);
      return this.signIn({ ...found.user, passwordHash: hash }, channel, em);
    });
    if (!signedIn) throw refuse('auth.second-factor-invalid', `${SECOND_FACTOR_NEEDED} (this one is not valid)`);
    if (found.user.mfaEnabled) await this.throttle.succeeded(found.user.email);
    return signedIn;
  }

  async changePassword(viewer: Viewer, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.users.findById(viewer.userId);
    if (!user?.passwordHash || !(await this.passwords.verify(user.passwordHash, currentPassword))) {
      throw refuse('auth.current-password-wrong', 'currentPassword is not correct');
    }
    const problem = passwordProblem(newPassword, user);
    if (problem) throw problem;
    const hash = await this.passwords.hash(newPassword);
    await this.tx.run(async (em) => {
      await this.users.update(user.id, { passwordHash: hash, updatedAt: this.clock.iso() }, em);
      await this.sessions.endAllFor(user.id, em, viewer.sessionId);
    });
  }

  /**
   * After a second factor is confirmed on a session that was limited to the enrolment: that
   * session ends and a full one of the same channel replaces it (a new token at the change of
   * privilege, as at any sign-in).
   */
  async completeEnrolment(viewer: Viewer, channel: SessionChannel): Promise<SignedIn> {
    const user = await this.users.findById(viewer.userId);
    if (!user?.active || !user.mfaEnabled) throw refuse('auth.mfa-not-confirmed', 'confirm a second factor first');
    return this.tx.run(async (em) => {
      await this.sessions.end(viewer.sessionId, em);
      return this.signIn(user, channel, em);
    });
  }

  private async signIn(user: User, channel: SessionChannel, em: Parameters<SessionsService['open']>[3]): Promise<SignedIn> {
    const mustEnrol = !user.mfaEnabled && this.config.mfaRequiredRoles.includes(user.role);
    const token = await this.sessions.open(user.id, mustEnrol ? 'mfa-enrolment' : 'full', channel, em);
    return mustEnrol ? { token, user: toUserView(user), mfaEnrollmentRequired: true } : { token, user: toUserView(user) };
  }
}
