import { Injectable } from '@nestjs/common';
import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuditTrail } from '../../audit/audit-trail.js';
import { Clock } from '../../common/clock.js';
import { newId } from '../../common/ids.js';
import { PasswordHasher } from '../passwords.js';
import { RecoveryCodeRepository } from './recovery-code.repository.js';
import type { RecoveryCode } from './recovery-code.entity.js';

/** How many codes a batch holds. */
export const RECOVERY_CODE_COUNT = 10;
// Crockford's base32 in lower case: no i, l, o or u to misread; 10 characters are 50 random bits.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const LENGTH = 10;

/** Read as Crockford reads: case and separators ignored, i and l as 1, o as 0. */
export function normaliseRecoveryCode(code: string): string {
  return code
    .toLowerCase()
    .replace(/[\s-]+/g, '')
    .replace(/[il]/g, '1')
    .replace(/o/g, '0');
}

/** A code spotted among the account's unused ones, to be spent inside the sign-in's transaction. */
export interface RecoveryMatch {
  id: string;
}

/**
 * One-time recovery codes for a lost authenticator: shown once, kept as argon2id hashes. A batch
 * shares one random salt, so that checking a typed code is one argon2 derivation compared with
 * each unused hash, not up to ten verifications (argon2 is deliberately slow, and sign-in must not
 * be a way to burn the server's CPU).
 */
@Injectable()
export class RecoveryCodesService {
  constructor(
    private readonly codes: RecoveryCodeRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  /** A new batch, hashed (outside any transaction: argon2 takes a while); `store` writes it. */
  async generate(userId: string): Promise<{ plain: string[]; rows: RecoveryCode[] }> {
    const salt = randomBytes(16);
    const plain = Array.from({ length: RECOVERY_CODE_COUNT }, () => Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''));
    const hashes = await Promise.all(plain.map((c) => this.hasher.derive(c, salt)));
    const now = this.clock.iso();
    const rows = hashes.map((h) => ({ id: newId(), userId, salt: salt.toString('hex'), codeHash: h.toString('hex'), createdAt: now, usedAt: null }));
    return { plain: plain.map((c) => `${c.slice(0, 5)}-${c.slice(5)}`), rows };
  }

  /** Replaces the account's codes with the batch, audited, in the caller's transaction. */
  async store(userId: string, rows: RecoveryCode[], actorId: string, em: EntityManager): Promise<void> {
    await this.codes.replace(userId, rows, em);
    await this.audit.record(em, { actorId, action: 'user.recovery-codes-generated', details: { userId, count: rows.length } });
  }

  remaining(userId: string): Promise<number> {
    return this.codes.countUnused(userId);
  }

  /** Which unused code this is, if any (read outside the transaction; `spend` claims it inside). */
  async match(userId: string, typed: string): Promise<RecoveryMatch | null> {
    const code = normaliseRecoveryCode(typed);
    if (code.length !== LENGTH) return null;
    const unused = await this.codes.unused(userId);
    if (!unused.length) return null;
    const derived = new Map<string, Buffer>();
    let found: RecoveryCode | undefined;
    for (const row of unused) {
      if (!derived.has(row.salt)) derived.set(row.salt, await this.hasher.derive(code, Buffer.from(row.salt, 'hex')));
      const stored = Buffer.from(row.codeHash, 'hex');
      const mine = derived.get(row.salt)!;
      // Every row is compared, so the time does not say which one matched.
      if (stored.length === mine.length && timingSafeEqual(stored, mine) && !found) found = row;
    }
    return found ? { id: found.id } : null;
  }

  /** Spends the code (once, whatever races it) and records it, in the caller's transaction. */
  async spend(userId: string, match: RecoveryMatch, em: EntityManager): Promise<boolean> {
    if (!(await this.codes.markUsed(match.id, this.clock.iso(), em))) return false;
    const left = await this.codes.countUnused(userId, em);
    await this.audit.record(em, { actorId: userId, action: 'user.recovery-code-used', details: { userId, left } });
    return true;
  }

  removeAllFor(userId: string, em: EntityManager): Promise<void> {
    return this.codes.removeAllFor(userId, em);
  }
}
