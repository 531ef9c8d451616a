import { Injectable } from '@nestjs/common';
import { generateSecret, generateURI, verify } from 'otplib';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { SignInThrottle } from '../common/rate-limit/sign-in-throttle.js';
import type { Viewer } from '../common/viewer.js';
import { ServiceKeys } from '../crypto/service-keys.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { PasswordHasher } from './passwords.js';
import { SessionsService } from './sessions.service.js';
import type { User } from './user.entity.js';
import { UserRepository } from './user.repository.js';
import { refuse } from '../common/errors/refusal.js';

const ISSUER = 'CTI Advice';
const PERIOD_S = 30;

/** RFC 6238 codes: 30-second steps, SHA-1, six digits, one step of clock drift, each code good once. */
@Injectable()
export class TotpService {
  constructor(
    private readonly users: UserRepository,
    private readonly keys: ServiceKeys,
    private readonly clock: Clock,
    private readonly tx: TransactionRunner,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly throttle: SignInThrottle,
  ) {}

  /**
   * Starts an enrolment: a new secret, pending until a code of it is confirmed. Replacing a second
   * factor already enrolled takes the password and a current code of the one being replaced, so
   * that a session alone (a browser left open, a token taken) cannot swap the owner's authenticator
   * for its own; the tries count against the account like sign-in attempts.
   */
  async begin(viewer: Viewer, proof: { currentPassword?: string; code?: string } = {}): Promise<{ secret: string; otpauthUrl: string }> {
    const user = await this.requireUser(viewer.userId);
    if (user.mfaEnabled) await this.proveOwner(user, proof);
    const secret = generateSecret({ length: 20 });
    await this.tx.run((em) => this.users.update(user.id, { totpPendingSecret: this.keys.sealSecret(secret, aad(user.id, 'pending')), updatedAt: this.clock.iso() }, em));
    return { secret, otpauthUrl: generateURI({ issuer: ISSUER, label: user.email, secret }) };
  }

  private async proveOwner(user: User, proof: { currentPassword?: string; code?: string }): Promise<void> {
    if (!proof.currentPassword || !proof.code)
      throw refuse('totp.replace-needs-proof', 'a second factor is enrolled: replacing it takes currentPassword and code (a current code of it)');
    await this.throttle.attempt(user.email);
    const passwordOk = user.passwordHash ? await this.passwords.verify(user.passwordHash, proof.currentPassword) : false;
    const codeOk = passwordOk && (await this.tx.run((em) => this.spend(user, proof.code, em)));
    if (!codeOk) throw refuse('totp.proof-wrong', 'currentPassword or code is not correct');
    await this.throttle.succeeded(user.email);
  }

  /** Confirms the pending secret; replacing an enrolled second factor ends every other session of the account. */
  async confirm(viewer: Viewer, code: string): Promise<void> {
    const user = await this.requireUser(viewer.userId);
    if (!user.totpPendingSecret) throw refuse('totp.not-started', 'start the enrolment first (POST /api/v1/me/totp)');
    const secret = this.keys.openSecret(user.totpPendingSecret, aad(user.id, 'pending'));
    const accepted = await this.tx.run(async (em) => {
      const step = await this.matchingStep(secret, code, null);
      if (step === null) return false;
      // The new secret's codes start their own count: its first code may fall in the step of the
      // old one's code that authorised the replacement.
      await this.users.update(
        user.id,
        { totpSecret: this.keys.sealSecret(secret, aad(user.id, 'active')), totpPendingSecret: null, mfaEnabled: true, totpLastStep: step, updatedAt: this.clock.iso() },
        em,
      );
      if (user.mfaEnabled) await this.sessions.endAllFor(user.id, em, viewer.sessionId);
      return true;
    });
    if (!accepted) throw refuse('totp.code-invalid', 'code is not valid');
  }

  /** Checks a sign-in code and spends it, inside the caller's transaction. */
  async spend(user: User, code: string | undefined, em: EntityManager): Promise<boolean> {
    if (!user.totpSecret || !code) return false;
    const secret = this.keys.openSecret(user.totpSecret, aad(user.id, 'active'));
    const step = await this.matchingStep(secret, code, user.totpLastStep);
    return step !== null && this.users.claimTotpStep(user.id, step, em);
  }

  private async matchingStep(secret: string, code: string, after: number | null): Promise<number | null> {
    if (!/^\d{6}$/.test(code)) return null;
    const epoch = Math.floor(this.clock.now().getTime() / 1000);
    const result = await verify({
      secret,
      token: code,
      epoch,
      epochTolerance: PERIOD_S,
      ...(after !== null && after < Math.floor(epoch / PERIOD_S) + 1 ? { afterTimeStep: after } : {}),
    });
    if (!result.valid) return null;
    const step = Math.floor(epoch / PERIOD_S) + result.delta;
    return after !== null && step <= after ? null : step;
  }

  private async requireUser(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw refuse('user.not-found', 'user not found');
    return user;
  }
}

const aad = (userId: string, which: 'pending' | 'active') => `user:${userId}:totp:${which}`;
