import { createHash, randomBytes } from 'node:crypto';

/** An opaque secret of 256 random bits for the client, and the SHA-256 we keep instead of it. */
export function newSecretToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
