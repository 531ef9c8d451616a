import { Injectable } from '@nestjs/common';
import { generateSecret, generateURI, verify } from 'otplib';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { SignInThrottle } from '../rate-limit/sign-in-throttle.js';
import type { Viewer } from '../common/viewer.js';
import { ServiceKeys } from '../crypto/service-keys.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { PasswordHasher } from './passwords.js';
import { RecoveryCodesService } from './recovery-codes/recovery-codes.service.js';
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
    private readonly recovery: RecoveryCodesService,
  ) {}

  /**
   * Starts an enrolment: a new secret, pending until a code of it is confirmed. Replacing a second
   * factor already enrolled takes the password and a current code of the one being replaced, so
   * that a session alone (a browser left open, a token taken) cannot swap the owner's authenticator
   * for its own; the tries count against the account like sign-in attempts.
   */
  async begin(viewer: Viewer, proof: OwnerProof = {}): Promise<{ secret: string; otpauthUrl: string }> {
    const user = await this.requireUser(viewer.userId);
    if (user.mfaEnabled) await this.proveOwner(user, proof);
    const secret = generateSecret({ length: 20 });
    await this.tx.run((em) => this.users.update(user.id, { totpPendingSecret: this.keys.sealSecret(secret, aad(user.id, 'pending')), updatedAt: this.clock.iso() }, em));
    return { secret, otpauthUrl: generateURI({ issuer: ISSUER, label: user.email, secret }) };
  }

  /**
   * Re-authentication for a change of the second factor: the password and a current code, or one
   * of the recovery codes (whoever lost the authenticator signs in with one, and replaces it with
   * another).
   */
  private async proveOwner(user: User, proof: OwnerProof): Promise<void> {
    if (!proof.currentPassword || (!proof.code && !proof.recoveryCode)) {
      throw refuse('totp.replace-needs-proof', 'a second factor is enrolled: this takes currentPassword and code (a current code of it) or recoveryCode');
    }
    await this.throttle.attempt(user.email);
    const passwordOk = user.passwordHash ? await this.passwords.verify(user.passwordHash, proof.currentPassword) : false;
    const match = passwordOk && proof.recoveryCode ? await this.recovery.match(user.id, proof.recoveryCode) : null;
    const codeOk = passwordOk && (await this.tx.run((em) => (match ? this.recovery.spend(user.id, match, em) : this.spend(user, proof.code, em))));
    if (!codeOk) throw refuse('totp.proof-wrong', 'currentPassword or code is not correct');
    await this.throttle.succeeded(user.email);
  }

  /** A new batch of recovery codes, after the password and a code again; the old batch stops working. */
  async regenerateRecoveryCodes(viewer: Viewer, proof: OwnerProof): Promise<string[]> {
    const user = await this.requireUser(viewer.userId);
    if (!user.mfaEnabled) throw refuse('auth.mfa-not-confirmed', 'enrol a second factor first: recovery codes stand in for it');
    await this.proveOwner(user, proof);
    const batch = await this.recovery.generate(user.id);
    await this.tx.run((em) => this.recovery.store(user.id, batch.rows, viewer.userId, em));
    return batch.plain;
  }

  /**
   * Confirms the pending secret and gives a new batch of recovery codes (to be shown once);
   * replacing an enrolled second factor ends every other session of the account.
   */
  async confirm(viewer: Viewer, code: string): Promise<string[]> {
    const user = await this.requireUser(viewer.userId);
    if (!user.totpPendingSecret) throw refuse('totp.not-started', 'start the enrolment first (POST /api/v1/me/totp)');
    const secret = this.keys.openSecret(user.totpPendingSecret, aad(user.id, 'pending'));
    // Checked before the codes are hashed (a wrong code costs no argon2), and again in the transaction.
    if ((await this.matchingStep(secret, code, null)) === null) throw refuse('totp.code-invalid', 'code is not valid');
    const batch = await this.recovery.generate(user.id);
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
      await this.recovery.store(user.id, batch.rows, viewer.userId, em);
      return true;
    });
    if (!accepted) throw refuse('totp.code-invalid', 'code is not valid');
    return batch.plain;
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

/** Re-authentication: the password, and a current code of the authenticator or a recovery code. */
export interface OwnerProof {
  currentPassword?: string;
  code?: string;
  recoveryCode?: string;
}

const aad = (userId: string, which: 'pending' | 'active') => `user:${userId}:totp:${which}`;
