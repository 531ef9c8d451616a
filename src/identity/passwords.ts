import { Injectable, OnModuleInit } from '@nestjs/common';
import { dictionary } from '@zxcvbn-ts/language-common';
import argon2 from 'argon2';
import { refuse, type Refusal } from '../common/errors/refusal.js';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

// OWASP's argon2id floor: 19 MiB, two passes, one lane.
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const COMMON = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));

/** Why a new password is refused (the refusal to throw), or null when it is acceptable. */
export function passwordProblem(password: string, user: { email: string; name?: string }): Refusal | null {
  if (password.length < PASSWORD_MIN) return refuse('password.too-short', `password must be at least ${PASSWORD_MIN} characters`, { min: PASSWORD_MIN });
  if (password.length > PASSWORD_MAX) return refuse('password.too-long', `password must be at most ${PASSWORD_MAX} characters`, { max: PASSWORD_MAX });
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || /^(.)\1+$/.test(password) || /^(.{1,4})\1+$/.test(password)) {
    return refuse('password.too-common', 'password is too common: choose a longer phrase of unrelated words');
  }
  const local = user.email.split('@')[0].toLowerCase();
  if ((local.length >= 4 && lower.includes(local)) || lower === user.email.toLowerCase()) {
    return refuse('password.contains-email', 'password must not contain the email address');
  }
  return null;
}

@Injectable()
export class PasswordHasher implements OnModuleInit {
  private dummyHash = '';

  async onModuleInit(): Promise<void> {
    this.dummyHash = await this.hash('dummy password that never matches');
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, ARGON2_OPTIONS);
  }

  /**
   * The raw argon2id hash of a secret under a given salt, with the passwords' parameters: for
   * secrets compared against several stored hashes that share one salt (recovery codes), so that a
   * try costs one derivation rather than one per stored hash.
   */
  derive(secret: string, salt: Buffer): Promise<Buffer> {
    return argon2.hash(secret, { ...ARGON2_OPTIONS, salt, raw: true });
  }

  verify(hash: string, password: string): Promise<boolean> {
    return argon2.verify(hash, password).catch(() => false);
  }

  /** Spends the same time as a real check, so an unknown account cannot be told by timing. */
  async verifyNothing(password: string): Promise<false> {
    await this.verify(this.dummyHash, password);
    return false;
  }
}
